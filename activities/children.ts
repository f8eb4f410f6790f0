/** Opening a child case from a parent's task: the child's number and definition, taken from the read model. */
import type { DefinitionRef } from '../common/definition-schema';
import type { FormData } from '../common/form-data';
import { validateForm } from '../definitions/forms';
import { nextCaseNumber } from '../store/cases';
import type { Db } from '../store/db';
import { getDefinitionVersion } from '../store/definitions';

export type ReservedChild = { caseId: string; number: number; definition: DefinitionRef; team: string } | { refused: string };

const caseIdOf = (key: string, number: number) => `${key}-${String(number).padStart(6, '0')}`;

export function createChildActivities({ db }: { db: Db }) {
  return {
    /**
     * The next number of the child's definition, and its newest version, once the intake mapped
     * from the parent fits its form; a refusal saying why otherwise. A retry takes another number,
     * leaving one unused, as an open retried by the API may.
     */
    async reserveChildCase({ definition, intake, parentTeam }: { definition: string; intake: FormData; parentTeam: string }): Promise<ReservedChild> {
      const version = await getDefinitionVersion(db, definition);
      if (!version) return { refused: `no case definition has the key '${definition}'` };
      const errors = validateForm(version.definition.forms.intake, intake);
      if (errors.length > 0) return { refused: `the intake mapped from the parent does not fit: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
      const number = await nextCaseNumber(db, definition);
      return { caseId: caseIdOf(definition, number), number, definition: { key: version.key, version: version.version, hash: version.hash }, team: version.definition.team ?? parentTeam };
    },
  };
}
