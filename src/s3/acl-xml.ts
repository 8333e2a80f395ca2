import type { Grant, Owner } from '@aws-sdk/client-s3';
import { valueOf } from './list-xml';

/**
 * Reads a GetObjectAcl answer (AccessControlPolicy) by scanning for its few tags, as list-xml.ts reads a listing:
 * a copy job reads one per key, and the SDK's general XML path cost the page more than the rest of the copy.
 * Undefined for anything that is not a whole AccessControlPolicy (the SDK then reads it).
 */
export function parseAccessControlPolicy(xml: string): { owner?: Owner; grants: Grant[] } | undefined {
  if (!xml.includes('<AccessControlPolicy') || !xml.trimEnd().endsWith('</AccessControlPolicy>'))
    return undefined;
  const ownerStart = xml.indexOf('<Owner>');
  const ownerEnd = ownerStart < 0 ? -1 : xml.indexOf('</Owner>', ownerStart);
  const owner =
    ownerEnd < 0
      ? undefined
      : {
          ID: valueOf(xml, 'ID', ownerStart, ownerEnd),
          DisplayName: valueOf(xml, 'DisplayName', ownerStart, ownerEnd),
        };
  const grants: Grant[] = [];
  let at = Math.max(0, ownerEnd);
  for (;;) {
    const start = xml.indexOf('<Grant>', at);
    if (start < 0) break;
    const end = xml.indexOf('</Grant>', start);
    if (end < 0) return undefined;
    grants.push({
      Grantee: {
        Type: undefined,
        ID: valueOf(xml, 'ID', start, end),
        URI: valueOf(xml, 'URI', start, end),
        EmailAddress: valueOf(xml, 'EmailAddress', start, end),
        DisplayName: valueOf(xml, 'DisplayName', start, end),
      },
      Permission: valueOf(xml, 'Permission', start, end) as Grant['Permission'],
    });
    at = end;
  }
  return { owner, grants };
}
