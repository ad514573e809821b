// /merge (issue 18 §1): the operator merges the open dialog's customer with another one the
// server did not link by itself. Two steps, both forms: a customer search (the /new picker:
// operator.searchCustomers, ↑/↓ and Enter pick, and picking never submits), then a confirm that
// names both customers and starts on "No", so only a deliberate →, Enter merges. The server's
// answer, or its refusal, is the notice.
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { FormSpec, FormValues, LookupOption } from './action-form';
import type { MergeTarget, Overlay } from './console-ui-state';
import type { DeskModel } from './desk-model';
import { customerLabel } from './hotlist';
import { t } from './i18n';

/** The labels of the customers the search listed, by the `#id` picking puts in the field (the latest few hundred). */
const listed = new Map<string, string>();
const LISTED_MAX = 200;

export function mergeSpec(model: DeskModel): FormSpec {
  const search = model.client.searchCustomers?.bind(model.client);
  const lookup = search
    ? async (text: string): Promise<LookupOption[]> =>
        (await search(text)).map((customer) => {
          const option = {
            value: `#${customer.id}`,
            label: [customer.name ?? '—', customer.email, customer.phone].filter(Boolean).join(' · '),
          };
          listed.delete(option.value);
          listed.set(option.value, option.label);
          if (listed.size > LISTED_MAX) listed.delete(listed.keys().next().value!);
          return option;
        })
    : undefined;
  return {
    title: 'form.merge',
    fields: [{ name: 'customer', label: 'form.mergeWith', kind: 'text', ...(lookup && { lookup }) }],
  };
}

/** The confirm step: "No" first, the question naming this dialog's customer and the one picked. */
export function mergeConfirmSpec(model: DeskModel, lang: Lang, target: MergeTarget | undefined): FormSpec {
  const selected = model.selected;
  const both = `${selected ? customerLabel(selected, lang) : '?'} ${t(lang, 'merge.and')} ${target?.label ?? '?'}`;
  return {
    title: 'form.merge',
    fields: [
      {
        name: 'answer',
        label: 'form.mergeConfirm',
        kind: 'choice',
        options: [
          { value: 'no', label: `${t(lang, 'merge.no')}: ${both}` },
          { value: 'yes', label: `${t(lang, 'merge.yes')}: ${both}` },
        ],
      },
    ],
  };
}

/** After the search: a customer picked from the list goes on to the confirm; anything else is a notice. */
export function pickMergeTarget(
  model: DeskModel,
  lang: Lang,
  values: FormValues,
  setOverlay: (overlay: Overlay) => void,
): void {
  const picked = (values.customer ?? '').trim();
  const customerId = picked.startsWith('#') ? picked.slice(1).trim() : '';
  if (!customerId) return model.say('error', t(lang, 'notice.mergeWhom'));
  if (customerId === model.selected?.customerId) return model.say('error', t(lang, 'notice.mergeSelf'));
  const label = sanitizeLine(listed.get(picked) ?? picked, { maxLength: 80 });
  setOverlay({ kind: 'form', form: 'mergeConfirm', merge: { customerId, label } });
}

/** After the confirm: "yes" merges; "no" (the default) changes nothing. */
export function confirmMerge(
  model: DeskModel,
  lang: Lang,
  conversationId: string,
  target: MergeTarget | undefined,
  values: FormValues,
): void {
  if (values.answer !== 'yes' || !target) return;
  const merge = model.client.mergeCustomers?.bind(model.client);
  if (!merge) return model.say('error', t(lang, 'notice.noMerge'));
  void model.run(
    () => merge({ conversationId, customerId: target.customerId }),
    `${t(lang, 'notice.merged')}: ${target.label}`,
    conversationId,
  );
}
