/**
 * Commands that move a case through its phases are carried out by the phase code itself, not by
 * the update handlers: a handler posts its command here and waits until the main flow has taken
 * it, acted on it and recorded the result, so the caller is answered with the case's new state.
 */
export class Inbox {
  private queue: { id: number; name: string; input: unknown }[] = [];
  private lastId = 0;
  private lastTaken = 0;
  /** Every command up to this id has been acted on and recorded. */
  settledThrough = 0;
  /** How often the main flow has come to rest; the first time, the opened case is recorded. */
  settles = 0;

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

  /** Called when the main flow comes to rest with everything it took recorded. */
  settle(): void {
    this.settles++;
    this.settledThrough = this.queue.length === 0 ? this.lastId : this.lastTaken;
  }
}
