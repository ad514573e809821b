// The forms behind the keys that need more than a keystroke (resolve, transfer, callback): their
// fields, with the choices and defaults the desk already knows.
import type { FormSpec } from './action-form';
import { channelTemplateSpec } from './channel-template-form';
import type { FormKind, MergeTarget, PendingStart } from './console-ui-state';
import type { DeskModel } from './desk-model';
import type { Lang } from '../../shared/schemas';
import { mergeConfirmSpec, mergeSpec } from './merge-form';
import { newDialogSpec } from './new-dialog-form';

export function formSpec(
  form: FormKind,
  model: DeskModel,
  template?: string,
  start?: PendingStart,
  merge?: { lang: Lang; target?: MergeTarget },
): FormSpec {
  switch (form) {
    case 'merge':
      return mergeSpec(model);
    case 'mergeConfirm':
      return mergeConfirmSpec(model, merge?.lang ?? 'en', merge?.target);
    case 'newDialog':
      return newDialogSpec(model);
    case 'channelTemplate':
    case 'templateParams':
      return channelTemplateSpec(form, model, template, start);
    case 'resolve':
      return {
        title: 'form.resolve',
        fields: [
          { name: 'tag', label: 'form.tag', kind: 'text' },
          { name: 'outcome', label: 'form.outcome', kind: 'text', suggestions: model.outcomes },
        ],
      };
    case 'transfer': {
      const me = model.operator?.id;
      const options = [
        ...model.queues.map((q) => ({ value: q.id, label: `${q.name} (${q.id})` })),
        ...model.colleagues
          .filter((c) => c.id !== me)
          .map((c) => ({ value: `@${c.login}`, label: `@${c.login} ${c.name} · ${c.status} ${c.load}/${c.capacity}` })),
      ];
      return {
        title: 'form.transfer',
        fields: [
          { name: 'target', label: 'form.target', kind: 'choice', options },
          { name: 'note', label: 'form.note', kind: 'text' },
        ],
      };
    }
    case 'callback':
      return {
        title: 'form.callback',
        fields: [
          {
            name: 'phone',
            label: 'form.phone',
            kind: 'text',
            initial: model.selected ? (model.cards.get(model.selected.id)?.customer.phone ?? '') : '',
          },
          { name: 'reason', label: 'form.reason', kind: 'text' },
        ],
      };
  }
}
