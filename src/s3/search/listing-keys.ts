import { decodeXmlText } from '../error-xml';
import { arrivedListing, commonPrefixesOf, entryOf } from '../list-xml';
import type { ObjectEntry, ObjectPage } from '../objects';

/**
 * A listing page as a search reads it: every key, but a whole entry (size, date, ETag, class) only for the keys
 * asked for, the few that may match. Reading five fields and making an object per key cost the search worker
 * most of its time per page, and that CPU is taken from the page's frames while the user scrolls the results.
 */
export interface ListingKeys {
  /** The page's keys, decoded, in the listing's order. */
  keys: string[];
  /** The entry of `keys[i]`, read when asked for. */
  entry: (i: number) => ObjectEntry;
  folders: string[];
}

/** A listing page as it arrives: its continuation token read at once, its keys only when asked for. */
export interface ArrivedKeys {
  nextToken?: string;
  read: () => ListingKeys;
}

/** A 200 answer's text as a listing read key by key; undefined when it is not a whole listing. */
export function arrivedKeys(text: string): ArrivedKeys | undefined {
  const listing = arrivedListing(text);
  return listing && { nextToken: listing.nextToken, read: () => readListingKeys(text) };
}

/** A page already read whole (listed by the page, or by the SDK in Node), as a search reads it. */
export function keysOfPage(page: ObjectPage): ListingKeys {
  const { objects } = page;
  return { keys: objects.map((o) => o.key), entry: (i) => objects[i], folders: page.folders };
}

/**
 * The keys of a whole ListBucketResult (see arrivedKeys). `<Key>` is only ever a tag of a `<Contents>` (every `<`
 * inside a value is escaped), so each key is found by indexOf alone, and its entry later between the
 * `<Contents>` around it. A key is a slice of the text: it keeps the page's text alive only as long as the
 * search holds it, the length of one page.
 */
export function readListingKeys(xml: string): ListingKeys {
  const keys: string[] = [];
  const opens: number[] = [];
  let at = 0;
  for (;;) {
    const open = xml.indexOf('<Key>', at);
    if (open < 0) break;
    const start = open + 5;
    const end = xml.indexOf('</Key>', start);
    if (end < 0) throw unreadable();
    keys.push(decodeXmlText(xml.slice(start, end)));
    opens.push(open);
    at = end + 6;
  }
  const folders = commonPrefixesOf(xml);
  if (!folders) throw unreadable();
  return {
    keys,
    entry: (i) => {
      const start = xml.lastIndexOf('<Contents>', opens[i]);
      const end = xml.indexOf('</Contents>', opens[i]);
      const entry = entryOf(xml, start, end);
      if (!entry) throw unreadable();
      return entry;
    },
    folders,
  };
}

const unreadable = () => new Error('The server sent a listing this app could not read.');
