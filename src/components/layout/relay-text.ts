const NAMED_BUCKETS = 3;

/**
 * The sentence behind the top bar's relay line: which calls the endpoint refused the page (account-level ones,
 * which RGW and AWS never allow by CORS, and buckets without a rule for this origin) and that they use the relay.
 * `scopes` holds '' for account-level calls and bucket names otherwise.
 */
export function relayText(endpoint: string, scopes: readonly string[]): string {
  const buckets = scopes.filter((scope) => scope !== '');
  const parts: string[] = [];
  if (scopes.includes('')) parts.push('account-level calls');
  if (buckets.length > 0) {
    const named = buckets.slice(0, NAMED_BUCKETS).map((name) => `“${name}”`);
    const more = buckets.length - named.length;
    parts.push(
      `${buckets.length === 1 ? 'bucket' : 'buckets'} ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  return (
    `${endpoint} refused this page (CORS) for ${parts.join(' and for ')}, so those requests go through this ` +
    'app’s relay. Your secret key stays in this browser.'
  );
}
