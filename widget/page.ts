// The page the widget is on, as the hello tells the desk (VisitorPage in shared/schemas.ts): the
// operator sees where the visitor is. Cut and cleaned here to what the desk takes, since a hello
// the desk refused would leave the visitor without a chat.
import { LIMITS } from '../shared/limits';

export interface PageInfo {
  url: string;
  title: string;
}

// The desk refuses lone surrogates (no UTF-8 form) and NUL; a title cut mid-pair leaves one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function currentPage(): PageInfo | undefined {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return undefined;
  // A URL past the limit loses its query and fragment (a search, a tracking id) rather than its path.
  const url = location.href.length <= LIMITS.pageUrl ? location.href : location.origin + location.pathname;
  if (url.length > LIMITS.pageUrl) return undefined;
  const title = document.title.trim().replaceAll('\0', '').slice(0, LIMITS.pageTitle).replace(LONE_SURROGATE, '\uFFFD');
  return { url, title };
}
