import { relayText } from './relay-text';

/**
 * Says once, quietly, that requests go through the app's relay: on RGW (the sandbox included) that is the expected
 * way for account-level calls and needs nothing from the user, so it is a line in the top bar that opens to the
 * full sentence, not a banner. The status region is always there so a screen reader hears the line when it comes.
 */
export function RelayNote({ endpoint, relayed }: { endpoint: string; relayed: readonly string[] }) {
  return (
    <span role="status" className="relay-note">
      {relayed.length > 0 && (
        <details>
          <summary>Through the relay</summary>
          <p>{relayText(endpoint, relayed)}</p>
        </details>
      )}
    </span>
  );
}
