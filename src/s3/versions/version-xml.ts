import { commonPrefixesOf, valueOf } from '../list-xml';

/** One version or delete marker of a key, as a listing of versions gives it. */
export interface VersionRecord {
  key: string;
  /** Opaque: never parsed, always encoded where it goes into a URL. `null` for an object from before versioning. */
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  /** 0 for a delete marker. */
  size: number;
  lastModified: Date;
  /** As listed (quoted); absent for a delete marker. */
  etag?: string;
}

export interface VersionsXml {
  versions: VersionRecord[];
  /** Common prefixes ("folders"), when listed with a delimiter. */
  folders: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

/** A whole ListVersionsResult (not an error, a login page or a cut-off body): checked without reading it. */
export function isWholeVersionsAnswer(xml: string): boolean {
  return xml.includes('<ListVersionsResult') && xml.trimEnd().endsWith('</ListVersionsResult>');
}

/**
 * Reads a ListObjectVersions answer (ListVersionsResult) by scanning for its few tags, as list-xml.ts reads
 * ListObjectsV2. Versions and delete markers are kept in the answer's order, newest first within a key: the SDK
 * returns them as two separate lists, and that order is the only truth when two share a timestamp.
 * Undefined for anything that is not a whole ListVersionsResult.
 */
export function parseListVersions(xml: string): VersionsXml | undefined {
  if (!isWholeVersionsAnswer(xml)) return undefined;
  const versions: VersionRecord[] = [];
  let at = 0;
  // Where the next entry of each kind starts; each is searched for again only once passed, so a page with one
  // kind only is not scanned to its end for the other at every entry.
  let version = xml.indexOf('<Version>');
  let marker = xml.indexOf('<DeleteMarker>');
  for (;;) {
    if (version >= 0 && version < at) version = xml.indexOf('<Version>', at);
    if (marker >= 0 && marker < at) marker = xml.indexOf('<DeleteMarker>', at);
    if (version < 0 && marker < 0) break;
    const deleteMarker = marker >= 0 && (version < 0 || marker < version);
    const start = deleteMarker ? marker : version;
    const closing = deleteMarker ? '</DeleteMarker>' : '</Version>';
    const end = xml.indexOf(closing, start);
    if (end < 0) return undefined;
    const key = valueOf(xml, 'Key', start, end);
    if (key !== undefined) {
      versions.push({
        key,
        versionId: valueOf(xml, 'VersionId', start, end) ?? 'null',
        isLatest: valueOf(xml, 'IsLatest', start, end) === 'true',
        deleteMarker,
        size: deleteMarker ? 0 : Number(valueOf(xml, 'Size', start, end) ?? 0),
        lastModified: new Date(valueOf(xml, 'LastModified', start, end) ?? 0),
        etag: deleteMarker ? undefined : valueOf(xml, 'ETag', start, end),
      });
    }
    at = end + closing.length;
  }
  const folders = commonPrefixesOf(xml);
  if (!folders) return undefined;
  // These tags never occur inside an entry, wherever a server puts them.
  return {
    versions,
    folders,
    isTruncated: valueOf(xml, 'IsTruncated', 0, xml.length) === 'true',
    nextKeyMarker: valueOf(xml, 'NextKeyMarker', 0, xml.length),
    nextVersionIdMarker: valueOf(xml, 'NextVersionIdMarker', 0, xml.length),
  };
}
