/**
 * `npm run temporal:setup`: prepares the cluster named by TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE,
 * TLS, API key) for Casework, so that a first deployment needs no manual CLI step. Safe to run on
 * every deployment. Exits 1 with the command to run where the cluster would not take the search
 * attributes (Temporal Cloud).
 */
import { loadConfig } from '../runtime/config';
import { setupCluster } from '../runtime/cluster-setup';
import { connectionOptions } from '../runtime/temporal';

async function main(): Promise<number> {
  const config = loadConfig();
  const report = await setupCluster({ ...connectionOptions(config), namespace: config.temporal.namespace }, (line) => console.log(`[temporal:setup] ${line}`));
  if (report.manualCommand) {
    console.error(`[temporal:setup] this cluster does not let the operator service add search attributes (Temporal Cloud); add them with:\n\n  ${report.manualCommand}\n\nthen run npm run temporal:setup again to check.`);
    return 1;
  }
  console.log(`[temporal:setup] done: namespace ${report.namespace}, ${report.added.length} search attributes added, ${report.present.length} already there`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[temporal:setup] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
