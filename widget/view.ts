// The widget's DOM inside its shadow root: a launcher with the unread count, and a panel (a
// non-modal dialog) with the transcript, the connection state and a composer that grows. The
// transcript is a role="log" redrawn from the conversation's entries; new operator and bot
// messages are also spoken once through a separate polite live region. Files, the bot's notices
// and the pre-chat form have their own modules (attachments-view, notices, prechat-form).
import { LIMITS } from '../shared/limits';
import type { WidgetTexts } from '../shared/webchat-schemas';
import type { ChatEntry, Conversation, LinkState } from './conversation';
import { PresenceView } from './presence-view';
import { FilePicker, renderFiles } from './attachments-view';
import { el, icon } from './dom';
import { renderNotice } from './notices';
import { PrechatForm } from './prechat-form';
import { renderText } from './rich-text';
import { CSS } from './styles';
import { TEXTS, type Lang, type Texts } from './texts';

export class WidgetView {
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly status: HTMLParagraphElement;
  private readonly log: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly announcer: HTMLDivElement;
  private readonly title = el('h2');
  private readonly hint = el('p', { class: 'hint' });
  private readonly closeButton: HTMLButtonElement;
  private readonly composer: HTMLFormElement;
  private readonly files: FilePicker;
  private readonly prechat: PrechatForm;
  private appliedTexts: WidgetTexts | undefined | null = null;
  private readonly presence = new PresenceView();

  constructor(
    root: ShadowRoot,
    private readonly conversation: Conversation,
    private t: Texts,
    private readonly lang: Lang,
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];

    this.badge = el('span', { class: 'badge', 'aria-hidden': 'true', hidden: '' });
    this.launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false' }, icon('chat', true));
    this.launcher.append(this.badge);
    this.status = el('p', { class: 'status', 'data-state': 'connecting' }, el('span', { class: 'dot' }), el('span'));
    const close = el('button', { class: 'close', type: 'button' }, icon('close'));
    this.closeButton = close;
    this.log = el('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'off',
      'aria-label': t.conversation,
      tabindex: '0',
    });
    this.input = el('textarea', {
      rows: '1',
      placeholder: t.placeholder,
      'aria-label': t.placeholder,
      enterkeyhint: 'send',
      maxlength: String(LIMITS.messageText),
    });
    this.sendButton = el('button', { class: 'send', type: 'submit', 'aria-label': t.send }, icon('send', true));
    const form = el('form', { class: 'composer' }, this.input, this.sendButton);
    this.composer = form;
    this.prechat = new PrechatForm((profile, message) =>
      message === undefined ? this.conversation.setProfile(profile) : this.conversation.leaveMessage(profile, message),
    );
    this.panel = el(
      'section',
      { class: 'panel', role: 'dialog', 'aria-label': t.title, hidden: '', id: 'td-panel' },
      el(
        'header',
        {},
        el('div', { class: 'avatar' }, icon('chat')),
        el('div', { class: 'heading' }, this.title, this.status),
        close,
      ),
      this.prechat.el,
      this.log,
      this.presence.line,
      form,
      this.hint,
    );
    this.files = new FilePicker(
      conversation,
      () => this.t,
      this.panel,
      this.input,
      () => this.syncSend(),
    );
    form.prepend(this.files.button, this.files.input);
    form.before(this.files.chips);
    this.panel.append(this.files.dropZone);
    this.launcher.setAttribute('aria-controls', 'td-panel');
    this.announcer = el('div', { class: 'sr', 'aria-live': 'polite', role: 'status' });
    root.append(el('div', { class: 'root', lang }, this.panel, this.launcher, this.announcer));

    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.grow();
      this.conversation.presence.typed(this.input.value.trim() !== '');
    });
    // Read receipts count only what a visitor can see: coming back to the tab reads what came meanwhile.
    document.addEventListener('visibilitychange', () => this.update([]));
    this.log.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const key = target.closest('[data-retry]')?.getAttribute('data-retry');
      if (key) this.conversation.retry(key);
      const score = target.closest<HTMLButtonElement>('[data-rate]:not(:disabled)')?.dataset.rate;
      if (score) this.conversation.send(score);
    });
    this.update([]);
  }

  open(): void {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.update([]);
    this.log.scrollTop = this.log.scrollHeight;
    if (this.conversation.needsProfile() || this.conversation.offlineForm()) this.prechat.focusFirst();
    else this.input.focus();
  }

  close(): void {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.update([]);
    this.launcher.focus();
  }

  /** Redraws after the conversation changed; `added`: new operator and bot messages. */
  update(added: ChatEntry[]): void {
    if (this.conversation.texts !== this.appliedTexts) this.relabel();
    const { t } = this;
    if (!this.panel.hidden) this.conversation.markRead(document.visibilityState === 'visible');
    const unread = this.conversation.unread();
    for (const entry of added) this.announcer.textContent = `${this.authorName(entry)}: ${entry.text}`;
    this.badge.hidden = unread === 0;
    this.badge.textContent = String(unread);
    this.launcher.setAttribute('aria-label', unread ? `${t.open} (${t.unread(unread)})` : t.open);
    this.launcher.replaceChildren(icon(this.panel.hidden ? 'chat' : 'close', this.panel.hidden), this.badge);
    if (!this.panel.hidden) this.launcher.setAttribute('aria-label', t.close);
    const state: LinkState = this.conversation.state;
    this.status.dataset.state = state;
    this.status.lastElementChild!.textContent = t[state];
    this.showPrechat();
    this.renderLog();
    this.presence.render(this.conversation.presence, t);
  }

  /** The pre-chat form in place of the conversation, until the visitor has answered it. */
  private showPrechat(): void {
    // A closed queue's leave-a-message form comes before the pre-chat form (issue 17 §1).
    const offline = this.conversation.offlineForm();
    const prechat = offline ?? this.conversation.prechat;
    const asking = !!offline || (!!prechat && this.conversation.needsProfile());
    const was = !this.prechat.el.hidden;
    this.prechat.el.hidden = !asking;
    this.log.hidden = this.composer.hidden = this.hint.hidden = asking;
    if (!asking) {
      if (was && !this.panel.hidden) this.input.focus();
      return;
    }
    this.prechat.show(prechat!, this.t, this.conversation.profileError, !!offline);
    if (!was && !this.panel.hidden) this.prechat.focusFirst();
  }

  /** The words, with the channel's own (its widgetTexts setting, from the welcome) over the defaults. */
  private relabel(): void {
    this.appliedTexts = this.conversation.texts;
    const own = this.conversation.texts?.[this.lang] ?? {};
    const base = TEXTS[this.lang];
    const t: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(own)) if (typeof base[key as keyof Texts] === 'string') t[key] = value;
    this.t = t as Texts;
    this.title.textContent = this.t.title;
    this.panel.setAttribute('aria-label', this.t.title);
    this.closeButton.setAttribute('aria-label', this.t.close);
    this.log.setAttribute('aria-label', this.t.conversation);
    this.input.placeholder = this.t.placeholder;
    this.input.setAttribute('aria-label', this.t.placeholder);
    this.sendButton.setAttribute('aria-label', this.t.send);
    this.hint.textContent = this.t.hint;
    this.files.relabel();
    this.conversation.notConnected = this.t.notConnected;
  }

  private renderLog(): void {
    const { log, t } = this;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const entries = this.conversation.entries;
    if (entries.length === 0) {
      log.replaceChildren(el('p', { class: 'empty' }, t.empty));
      return;
    }
    const refocus = this.focusedControl();
    log.replaceChildren(...entries.map((entry) => this.renderEntry(entry)));
    this.presence.markRead(log, entries, this.conversation.presence, t);
    refocus?.();
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  /** The log's focused button (a rating, a retry), to find again after a redraw: a redraw must not drop focus. */
  private focusedControl(): (() => void) | null {
    const focused = (this.log.getRootNode() as ShadowRoot).activeElement;
    if (!focused || !this.log.contains(focused)) return null;
    const item = focused.closest('[data-key]')?.getAttribute('data-key');
    const own = ['data-rate', 'data-retry'].find((name) => focused.hasAttribute(name));
    if (!item || !own) return null;
    const value = focused.getAttribute(own);
    return () =>
      [...this.log.querySelectorAll<HTMLElement>(`[${own}]`)]
        .find((e) => e.getAttribute(own) === value && e.closest('[data-key]')?.getAttribute('data-key') === item)
        ?.focus();
  }

  private renderEntry(entry: ChatEntry): HTMLElement {
    const { t } = this;
    if (entry.notice) return renderNotice(entry, this.conversation.entries, t);
    const mine = entry.author.type === 'customer';
    const bubble = el('div', { class: 'bubble', dir: 'auto' });
    renderText(entry.text, bubble);
    const files = entry.attachments ?? entry.files;
    if (files?.length) bubble.append(renderFiles(files, t));
    if (!entry.text) bubble.classList.add('only-files');
    const time = new Date(entry.createdAt).toLocaleTimeString(this.panel.parentElement?.lang, {
      hour: '2-digit',
      minute: '2-digit',
    });
    const meta = el('div', { class: 'meta' }, el('time', {}, time));
    if (mine && entry.delivery) {
      meta.classList.toggle('failed', entry.delivery === 'failed');
      meta.append(
        el('span', { class: 'delivery', 'data-delivery': entry.delivery, title: entry.error }, t[entry.delivery]),
      );
      if (entry.delivery === 'failed')
        meta.append(el('button', { class: 'retry', type: 'button', 'data-retry': entry.key }, t.retry));
    }
    const item = el('div', { class: `msg ${mine ? 'mine' : entry.author.type}`, 'data-key': entry.key });
    if (!mine) item.append(el('div', { class: 'who' }, this.authorName(entry)));
    item.append(bubble, meta);
    return item;
  }

  private authorName(entry: ChatEntry): string {
    if (entry.author.type === 'customer') return this.t.you;
    return entry.author.name ?? (entry.author.type === 'bot' ? this.t.bot : this.t.operator);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (this.files.busy() || (!text && !this.files.ready())) return;
    const files = this.files.take();
    this.input.value = '';
    this.grow();
    this.conversation.send(text, files);
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Send waits while a file is still going up. */
  private syncSend(): void {
    this.sendButton.disabled = this.files.busy();
  }

  /** The composer grows with its text up to its max-height (CSSOM, which a strict CSP allows). */
  private grow(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 140)}px`;
  }
}
