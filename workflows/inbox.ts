/**
 * Commands that move a case through its phases are carried out by the phase code itself, not by
 * the update handlers: a handler posts its command here and awaits its answer, which the main
 * flow gives once it has taken the command, acted on it and recorded the result (waiting.ts).
 */
export class Inbox {
  private queue: { id: number; name: string; input: unknown }[] = [];
  private lastId = 0;
  private lastTaken = 0;
  /** Every command up to this id is answered: acted on and recorded. */
  answeredThrough = 0;
  /** How often the main flow has answered what it took; a command a handler carried out itself is answered by the next round. */
  rounds = 0;

  post(name: string, input: unknown): number {
    this.queue.push({ id: ++this.lastId, name, input });
    return this.lastId;
  }

  /** No command waits to be carried out. */
  get empty(): boolean {
    return this.queue.length === 0;
  }

  has(name: string): boolean {
    return this.queue.some((c) => c.name === name);
  }

  take<T>(name: string): T {
    const i = this.queue.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`no '${name}' command waiting`);
    const [command] = this.queue.splice(i, 1);
    this.lastTaken = Math.max(this.lastTaken, command.id);
    return command.input as T;
  }

  /** Called when the main flow has recorded everything it did: every command it took has its answer. */
  answerTaken(): void {
    this.rounds++;
    this.answeredThrough = this.queue.length === 0 ? this.lastId : this.lastTaken;
  }
}
