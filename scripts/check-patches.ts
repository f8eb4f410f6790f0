/**
 * Says, for each patch of the case workflow, whether any open case still lacks its marker:
 *
 *   npm run patches:check [-- <patch id>…]
 *
 * Reaches the Temporal named by TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE (with their TLS and API
 * key settings), or the dev server of `npm start`, and looks at the cases on TASK_QUEUE. Without ids it reports every patch and exits 0;
 * with ids it exits 1 while any of them is still needed, so a change that removes a patch's old
 * branch can be gated on it. An unknown id exits 2.
 */
import { loadConfig } from '../runtime/config';
import { connectClient } from '../runtime/temporal';
import { describeStanding, patchesNamed, patchStanding, UnknownPatchError } from './patch-markers';

async function main(ids: string[]): Promise<number> {
  let patches;
  try {
    patches = patchesNamed(ids);
  } catch (err) {
    if (!(err instanceof UnknownPatchError)) throw err;
    console.error(err.message);
    return 2;
  }
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    let needed = 0;
    for (const patch of patches) {
      const standing = await patchStanding(client, patch, config.taskQueue);
      if (standing.lacking > 0) needed++;
      console.log(describeStanding(standing));
    }
    return ids.length > 0 && needed > 0 ? 1 : 0;
  } finally {
    await client.connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`could not check the patches: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
