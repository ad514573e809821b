// /new (Alt+O): the operator starts a conversation (issue 16). The form asks for a channel (those
// the server says start conversations), whom to write to — an address the channel reaches, or
// `#` and a customer id (pre-filled with the open dialog's customer, to write to them on another
// channel), or part of a customer's name, e-mail or phone, which lists the matching customers
// (operator.searchCustomers) to pick one with ↑↓ and Enter — and the first message. A channel with a reply window (WhatsApp) starts with one of
// its approved templates: with the message left empty, the channel-template forms follow, the
// same ones /template opens once a dialog's window closed. The new dialog reaches the hotlist
// through the feed (conversation.assigned), as any assigned one does.
import type { Lang, StartableChannel } from '../../shared/schemas';
import type { FormSpec, FormValues, LookupOption } from './action-form';
import type { Overlay, PendingStart } from './console-ui-state';
import type { DeskModel } from './desk-model';
import { t } from './i18n';

/** The channels a conversation can be started on. */
export const startableChannels = (model: DeskModel): StartableChannel[] =>
  model.startable.filter((channel) => channel.starts !== 'never');

export function newDialogSpec(model: DeskModel): FormSpec {
  const customerId = model.selected?.customerId;
  return {
    title: 'form.newDialog',
    fields: [
      {
        name: 'channel',
        label: 'form.channel',
        kind: 'choice',
        options: startableChannels(model).map((c) => ({
          value: c.id,
          label: `${c.name} (${c.id}) · ${c.kind}${c.starts === 'known-contacts' ? ' · known chats only' : ''}${c.templateOnly ? ' · template' : ''}`,
        })),
      },
      {
        name: 'to',
        label: 'form.to',
        kind: 'text',
        initial: customerId ? `#${customerId}` : '',
        lookup: customerLookup(model),
      },
      { name: 'text', label: 'form.text', kind: 'text' },
    ],
  };
}

/**
 * The customers matching what was typed in "to", from the server's search: picking one puts
 * `#id` in the field. Absent where the server has no search (the field takes an address as before).
 */
function customerLookup(model: DeskModel): ((text: string) => Promise<LookupOption[]>) | undefined {
  const search = model.client.searchCustomers?.bind(model.client);
  if (!search) return undefined;
  return async (text) =>
    (await search(text)).map((customer) => ({
      value: `#${customer.id}`,
      label: [customer.name ?? '—', customer.email, customer.phone].filter(Boolean).join(' · '),
    }));
}

/** `#id` names a customer; anything else is an address on the channel. */
function recipient(to: string): { customerId: string } | { address: string } {
  const trimmed = to.trim();
  return trimmed.startsWith('#') ? { customerId: trimmed.slice(1).trim() } : { address: trimmed };
}

/** Starts the conversation; the server's refusal (wrong address, closed window, rate) is the notice. */
export function startDialog(
  model: DeskModel,
  lang: Lang,
  start: PendingStart,
  first: { text: string } | { template: { name: string; params: string[] } },
): void {
  const client = model.client;
  if (!client.startConversation) return model.say('error', t(lang, 'notice.noStartable'));
  const clientId = `start-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  void model.run(
    () =>
      client.startConversation!({
        channelId: start.channelId,
        to: recipient(start.to),
        clientId,
        ...first,
      }),
    t(lang, 'notice.started'),
  );
}

/**
 * After the form: a message starts the conversation; an empty one on a channel with templates
 * goes on to the template forms, carrying where and to whom.
 */
export function finishNewDialog(
  model: DeskModel,
  lang: Lang,
  values: FormValues,
  setOverlay: (overlay: Overlay) => void,
): void {
  const channel = startableChannels(model).find((c) => c.id === values.channel);
  const start = { channelId: values.channel ?? '', to: (values.to ?? '').trim() };
  if (!channel || !start.to) return model.say('error', t(lang, 'notice.startWhat'));
  const text = (values.text ?? '').trim();
  if (!text && channel.templates.length > 0) return setOverlay({ kind: 'form', form: 'channelTemplate', start });
  if (!text) return model.say('error', t(lang, 'notice.startWhat'));
  startDialog(model, lang, start, { text });
}

/** `/new CHANNEL ADDRESS TEXT…` typed whole: starts at once; bare `/new` opens the form. */
export function newDialogCommand(
  model: DeskModel,
  lang: Lang,
  args: string,
  setOverlay: (overlay: Overlay) => void,
): void {
  if (startableChannels(model).length === 0) return model.say('error', t(lang, 'notice.noStartable'));
  const [channelId, to, ...words] = args.trim().split(/\s+/);
  if (!channelId) return setOverlay({ kind: 'form', form: 'newDialog' });
  finishNewDialog(model, lang, { channel: channelId, to: to ?? '', text: words.join(' ') }, setOverlay);
}

/**
 * The template forms of a conversation being started: the chosen template asks for its
 * parameters next (when it has any); the parameters' form starts the conversation with it.
 */
export function finishStartTemplate(
  model: DeskModel,
  lang: Lang,
  start: PendingStart,
  name: string | undefined,
  values: FormValues,
  setOverlay: (overlay: Overlay) => void,
): void {
  const template = model.startable.find((c) => c.id === start.channelId)?.templates.find((t) => t.name === name);
  if (!template || !name) return;
  if (values.template !== undefined && template.params > 0)
    return setOverlay({ kind: 'form', form: 'templateParams', template: name, start });
  const params = Array.from({ length: template.params }, (_, i) => (values[`p${i + 1}`] ?? '').trim());
  startDialog(model, lang, start, { template: { name, params } });
}
