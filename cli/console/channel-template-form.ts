// The two forms behind /template once a dialog's reply window has closed: first the channel's
// approved template (its text shown beside its name), then each of its parameters in turn. The
// text sent is the template filled in the way the server fills it, so the reply matches its echo.
import { fillChannelTemplate } from '../../shared/channel-template';
import { outboundText } from '../../shared/outbound-text';
import type { Message } from '../../shared/schemas';
import type { FormSpec, FormValues } from './action-form';
import type { Overlay, PendingStart } from './console-ui-state';
import type { DeskModel } from './desk-model';

export function channelTemplateSpec(
  form: 'channelTemplate' | 'templateParams',
  model: DeskModel,
  name: string | undefined,
  start?: PendingStart,
): FormSpec {
  // A conversation being started (/new) takes its channel's templates; an open dialog, its own.
  const templates = start
    ? (model.startable.find((c) => c.id === start.channelId)?.templates ?? [])
    : model.selectedId
      ? model.windows.templates(model.selectedId)
      : [];
  if (form === 'channelTemplate')
    return {
      title: 'form.channelTemplate',
      fields: [
        {
          name: 'template',
          label: 'form.template',
          kind: 'choice',
          options: templates.map((t) => ({ value: t.name, label: `${t.name} · ${t.text}` })),
        },
      ],
    };
  const template = templates.find((t) => t.name === name);
  return {
    title: 'form.templateParams',
    fields: Array.from({ length: template?.params ?? 0 }, (_, i) => ({
      name: `p${i + 1}`,
      label: 'form.param' as const,
      labelSuffix: ` {{${i + 1}}}`,
      kind: 'text' as const,
    })),
  };
}

/** Sends the chosen template with the form's parameters; false when the dialog's channel has no such template. */
export function sendChannelTemplate(model: DeskModel, conversationId: string, name: string, values: FormValues) {
  const template = model.windows.templates(conversationId).find((t) => t.name === name);
  if (!template) return false;
  const params = Array.from({ length: template.params }, (_, i) => (values[`p${i + 1}`] ?? '').trim());
  model.send(conversationId, fillChannelTemplate(template.text, params.map(outboundText)), false, { name, params });
  return true;
}

/**
 * After a form: the template chosen asks for its parameters next (when it has any); the
 * parameters' form sends it.
 */
export function finishChannelTemplate(
  model: DeskModel,
  conversationId: string,
  name: string | undefined,
  values: FormValues,
  setOverlay: (overlay: Overlay) => void,
): void {
  const template = model.windows.templates(conversationId).find((t) => t.name === name);
  if (!template || !name) return;
  if (values.template !== undefined && template.params > 0)
    return setOverlay({ kind: 'form', form: 'templateParams', template: name });
  sendChannelTemplate(model, conversationId, name, values);
}

/** The newest customer message of a transcript: a new one may have opened the window again. */
export function lastCustomerMessageId(transcript: readonly Message[]): string | null {
  for (let i = transcript.length - 1; i >= 0; i--)
    if (transcript[i].author.type === 'customer') return transcript[i].id;
  return null;
}
