// The SQL behind /new's customer search (operator.searchCustomers): customers whose name, e-mail
// or phone holds one of a few substrings, for the domain to rank (domain/customer-search.ts).
// Built once per store, since how LIKE treats case is the dialect's (dialect.ts likeAnyCase).
import { sql } from 'kysely';
import { param as p, prepare, type PreparedQuery } from './prepared';
import type { CustomerRow } from './queries';
import type { Store } from './store';

type Patterns = { p1: string; p2: string; p3: string; limit: number };

const built = new WeakMap<Store, PreparedQuery<Patterns, CustomerRow>>();

function queryFor(store: Store): PreparedQuery<Patterns, CustomerRow> {
  let query = built.get(store);
  if (query) return query;
  const like = sql.raw(store.dialect.likeAnyCase);
  // A phone is compared without the spaces, dashes and brackets it was stored with.
  const phone = sql<string>`replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', '')`;
  query = prepare<Patterns, CustomerRow>(
    store.dialect.builder
      .selectFrom('customers')
      .selectAll()
      // A customer merged into another is found as that other one.
      .where('merged_into', 'is', null)
      .where((eb) =>
        eb.or(
          (['p1', 'p2', 'p3'] as const).flatMap((name) => [
            sql<boolean>`name ${like} ${p(name)} escape '\\'`,
            sql<boolean>`email ${like} ${p(name)} escape '\\'`,
            sql<boolean>`${phone} ${like} ${p(name)} escape '\\'`,
          ]),
        ),
      )
      // The newest customers first, when more match than the ranking is given.
      .orderBy('created_at', 'desc')
      .limit(p<number>('limit')),
  );
  built.set(store, query);
  return query;
}

/** Up to `limit` customers matching any of three LIKE patterns (customer-search.ts likePatterns). */
export function customersLike(store: Store, patterns: string[], limit: number): Promise<CustomerRow[]> {
  const [p1, p2 = p1, p3 = p1] = patterns;
  return store.all(queryFor(store), { p1, p2, p3, limit });
}
