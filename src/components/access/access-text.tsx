import type { AccessLevel, AclGrant } from '../../s3/acl';

export const ACCESS_LABEL: Record<AccessLevel, string> = {
  private: 'Private',
  public: 'Public',
  custom: 'Custom',
};

/** Said every time something is about to become public: who will be able to read it. */
export function whoCanReadPublic(count = 1): string {
  return count === 1
    ? 'Anyone who has its URL will be able to read it: no sign-in, no key, and no expiry, until you make it private again. A URL that is posted anywhere can be found by anyone.'
    : 'Anyone who has their URLs will be able to read them: no sign-in, no key, and no expiry, until you make them private again. A URL that is posted anywhere can be found by anyone.';
}

const PERMISSION_TEXT: Record<string, string> = {
  READ: 'read',
  WRITE: 'write',
  READ_ACP: 'read the ACL',
  WRITE_ACP: 'change the ACL',
  FULL_CONTROL: 'full control',
};

export function GrantList({ grants }: { grants: AclGrant[] }) {
  return (
    <ul className="grant-list">
      {grants.map((g, i) => (
        <li key={i}>
          <span className="break">{g.grantee}</span>: {PERMISSION_TEXT[g.permission] ?? g.permission}
        </li>
      ))}
    </ul>
  );
}

/** One line for a tooltip: "Everyone (anonymous): read; bob: full control". */
export function grantsSummary(grants: AclGrant[]): string {
  return grants.map((g) => `${g.grantee}: ${PERMISSION_TEXT[g.permission] ?? g.permission}`).join('; ');
}
