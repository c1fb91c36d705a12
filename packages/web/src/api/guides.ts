/** Service guides (办事指南) from the API, cached for the session of the page (they change rarely). */
import { api, unwrap } from './client.ts';
import type { GuideLimit, MatterGuide, MatterSummary } from './types.ts';

const guides = new Map<string, Promise<MatterGuide>>();
let catalogue: Promise<MatterSummary[]> | undefined;

/** The guide of a matter (latest version). A failed load is not cached. */
export function fetchGuide(code: string): Promise<MatterGuide> {
  let p = guides.get(code);
  if (!p) {
    p = unwrap(api.GET('/api/v1/matters/{code}', { params: { path: { code } } })).then(
      (g) => g as unknown as MatterGuide,
    );
    p.catch(() => guides.delete(code));
    guides.set(code, p);
  }
  return p;
}

/** The catalogue of matters. */
export function fetchCatalogue(): Promise<MatterSummary[]> {
  if (!catalogue) {
    catalogue = unwrap(api.GET('/api/v1/matters'));
    catalogue.catch(() => {
      catalogue = undefined;
    });
  }
  return catalogue;
}

/** Whether a limit is a number of years (filing limits) rather than days. */
export function isYears(l: GuideLimit | { years: number }): l is { years: number } {
  return 'years' in l;
}

/**
 * State labels of the given matters (by code, or by name when `byName`), as `labels[matter][state]`.
 * Matters whose guide fails to load are left out (the caller shows the raw state).
 */
export async function fetchStateLabels(
  matters: readonly string[],
  byName = false,
): Promise<Record<string, Record<string, string>>> {
  let codes = [...new Set(matters)].map((m) => [m, m] as const);
  if (byName) {
    const all = await fetchCatalogue();
    codes = codes.flatMap(([key]) => {
      const hit = all.find((x) => x.name === key);
      return hit ? [[key, hit.code] as const] : [];
    });
  }
  const entries = await Promise.all(
    codes.map(([key, code]) =>
      fetchGuide(code).then(
        (g) => [key, Object.fromEntries(g.workflow.states.map((s) => [s.id, s.label]))] as const,
        () => null,
      ),
    ),
  );
  return Object.fromEntries(entries.filter((e) => e !== null));
}
