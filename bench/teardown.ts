/** Undoes what the benchmark set up, last first, whether it finished or failed part-way. */
export class Teardown {
  private steps: { name: string; run: () => unknown }[] = [];

  add(name: string, run: () => unknown): void {
    this.steps.push({ name, run });
  }

  private running?: Promise<void>;

  /** Runs once; a second caller (a signal during a failure, say) waits for the same run. */
  run(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (err) {
        console.error(`could not stop ${step.name}: ${err instanceof Error ? err.message : err}`);
      }
    }
  }
}
