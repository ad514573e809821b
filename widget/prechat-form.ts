// The pre-chat form (the channel's `prechat` setting, from the welcome): name, e-mail and a
// consent checkbox, each asked for or not, optional or required. Shown in place of the
// conversation until the visitor has answered it. Errors are checked here, marked on their field
// (aria-invalid, aria-describedby) and announced once through an alert; focus goes to the first
// field with an error. What the visitor types is sent as is: the server checks it again.
import type { WebchatPrechat } from '../shared/webchat-schemas';
import type { Profile } from './conversation';
import { el } from './dom';
import type { Texts } from './texts';

// The browser's own rule for type="email", so the form and the server rarely disagree.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Field {
  input: HTMLInputElement;
  error: HTMLElement;
  check(): string | null;
}

export class PrechatForm {
  readonly el = el('form', { class: 'prechat', novalidate: '', hidden: '' });
  private fields: Field[] = [];
  private readonly alert = el('p', { class: 'prechat-alert', role: 'alert' });
  /** The setting the form was built for, as JSON: a reconnect's welcome keeps what was typed. */
  private shownFor = '';

  /** The offline form's message (issue 17 §1); null in the pre-chat form. */
  private message: { input: HTMLTextAreaElement; error: HTMLElement } | null = null;

  constructor(private readonly onSubmit: (profile: Profile, message?: string) => void) {
    this.el.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /**
   * Builds the form for the channel's setting (once per setting), with the server's refusal if
   * any; `leaveMessage`: the offline form of a closed queue, with a message to leave.
   */
  show(prechat: WebchatPrechat, t: Texts, serverError: string | undefined, leaveMessage = false): void {
    const key = JSON.stringify({ prechat, leaveMessage });
    if (this.shownFor !== key) {
      this.shownFor = key;
      this.build(prechat, t, leaveMessage);
    }
    this.alert.textContent = serverError ?? '';
  }

  focusFirst(): void {
    this.fields[0]?.input.focus();
  }

  private build(prechat: WebchatPrechat, t: Texts, leaveMessage: boolean): void {
    this.fields = [];
    this.message = null;
    const rows: HTMLElement[] = [el('p', { class: 'prechat-intro' }, leaveMessage ? t.offlineIntro : t.prechatIntro)];
    const text = (id: string, label: string, mode: 'optional' | 'required', type: string, auto: string) => {
      const input = el('input', { id: `td-${id}`, name: id, type, autocomplete: auto, maxlength: '200' });
      input.required = mode === 'required';
      const error = el('p', { class: 'field-error', id: `td-${id}-error` });
      input.setAttribute('aria-describedby', error.id);
      const title = mode === 'optional' ? `${label} ${t.optional}` : label;
      rows.push(el('div', { class: 'field' }, el('label', { for: input.id }, title), input, error));
      this.fields.push({
        input,
        error,
        check: () => {
          const value = input.value.trim();
          if (!value) return mode === 'required' ? t.required : null;
          return type === 'email' && !EMAIL.test(value) ? t.badEmail : null;
        },
      });
    };
    if (prechat.name !== 'off') text('name', t.name, prechat.name, 'text', 'name');
    if (prechat.email !== 'off') text('email', t.email, prechat.email, 'email', 'email');
    if (prechat.consent) {
      const input = el('input', { id: 'td-consent', name: 'consent', type: 'checkbox' });
      input.required = true;
      const error = el('p', { class: 'field-error', id: 'td-consent-error' });
      input.setAttribute('aria-describedby', error.id);
      const label = el('label', { for: input.id }, prechat.consent.text);
      if (prechat.consent.url)
        label.append(
          ' ',
          el('a', { href: prechat.consent.url, target: '_blank', rel: 'noopener noreferrer' }, t.policy),
        );
      rows.push(el('div', { class: 'field consent' }, input, label, error));
      this.fields.push({ input, error, check: () => (input.checked ? null : t.mustConsent) });
    }
    if (leaveMessage) {
      const input = el('textarea', { id: 'td-offline-message', name: 'message', rows: '4', maxlength: '4000' });
      input.required = true;
      const error = el('p', { class: 'field-error', id: 'td-offline-message-error' });
      input.setAttribute('aria-describedby', error.id);
      rows.push(el('div', { class: 'field' }, el('label', { for: input.id }, t.offlineMessage), input, error));
      this.message = { input, error };
      this.el.dataset.required = t.required;
    }
    rows.push(this.alert, el('button', { class: 'start', type: 'submit' }, leaveMessage ? t.leaveMessage : t.start));
    this.el.replaceChildren(...rows);
    this.el.dataset.errorText = t.fixErrors;
  }

  private submit(): void {
    let firstBad: HTMLInputElement | HTMLTextAreaElement | null = null;
    for (const field of this.fields) {
      const problem = field.check();
      field.error.textContent = problem ?? '';
      field.input.setAttribute('aria-invalid', String(problem !== null));
      if (problem && !firstBad) firstBad = field.input;
    }
    if (this.message) {
      const problem = this.message.input.value.trim() ? null : (this.el.dataset.required ?? '');
      this.message.error.textContent = problem ?? '';
      this.message.input.setAttribute('aria-invalid', String(problem !== null));
      if (problem && !firstBad) firstBad = this.message.input;
    }
    if (firstBad) {
      this.alert.textContent = this.el.dataset.errorText ?? '';
      firstBad.focus();
      return;
    }
    this.alert.textContent = '';
    const value = (name: string) => {
      const input = this.fields.find((f) => f.input.name === name)?.input;
      return input?.value.trim() || undefined;
    };
    const consent = this.fields.some((f) => f.input.name === 'consent') ? (true as const) : undefined;
    this.onSubmit({ name: value('name'), email: value('email'), consent }, this.message?.input.value.trim());
  }
}
