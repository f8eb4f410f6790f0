import type { Knex } from 'knex';

/**
 * When an absence's work was handed back: at once for one that had begun when it was recorded, by
 * the hourly sweep for one recorded ahead. An absence recorded ahead before this had its work
 * handed back by nobody, so it is left unmarked and the first sweep hands it back if it runs now.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('person_absences', (t) => {
    t.string('handed_back_at', 32);
    t.index(['handed_back_at', 'starts_on'], 'person_absences_to_hand_back');
  });
  // Begun on the day it was recorded, so its work went back then.
  await db('person_absences').whereRaw('starts_on <= substr(created_at, 1, 10)').update({ handed_back_at: db.ref('created_at') });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('person_absences', (t) => {
    t.dropIndex(['handed_back_at', 'starts_on'], 'person_absences_to_hand_back');
    t.dropColumn('handed_back_at');
  });
}
