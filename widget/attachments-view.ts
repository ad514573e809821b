// Files in the widget: a paperclip (a hidden multiple file input), files dropped on the panel
// (with a visible drop zone) and an image pasted into the composer (a screenshot arrives as a File
// in clipboardData). Each file is uploaded at once to the channel's upload route and shown as a
// chip, with its progress, the server's refusal if it had one, and a remove button; the message
// then names the uploads by ref. In the transcript, images are previews from their signed links
// and other files are links with their size.
import type { UploadedFile } from '../shared/schemas';
import type { WebchatFile } from '../shared/webchat-schemas';
import type { Conversation } from './conversation';
import type { Texts } from './texts';
import { el, icon } from './dom';

/** Types the download route serves inline (README "Attachments"): the rest are links. */
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp)$/;

interface Pending {
  id: number;
  name: string;
  size: number;
  uploaded?: UploadedFile;
  error?: string;
}

export class FilePicker {
  readonly button: HTMLButtonElement;
  readonly input: HTMLInputElement;
  readonly chips = el('ul', { class: 'chips', hidden: '' });
  readonly dropZone = el('div', { class: 'drop', hidden: '', 'aria-hidden': 'true' });
  private pending: Pending[] = [];
  private next = 0;

  constructor(
    private readonly conversation: Conversation,
    private readonly t: () => Texts,
    panel: HTMLElement,
    composer: HTMLTextAreaElement,
    private readonly changed: () => void,
  ) {
    this.input = el('input', { type: 'file', multiple: '', hidden: '', tabindex: '-1' });
    this.button = el('button', { class: 'clip', type: 'button' }, icon('clip'));
    this.button.addEventListener('click', () => this.input.click());
    this.input.addEventListener('change', () => {
      this.add([...(this.input.files ?? [])]);
      this.input.value = '';
    });
    composer.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!files.length) return;
      event.preventDefault();
      this.add(files);
    });
    // The zone shows while files are dragged over the panel; counting enters and leaves of its
    // children tells when the drag really left.
    let depth = 0;
    const dragsFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    panel.addEventListener('dragenter', (event) => {
      if (!dragsFiles(event)) return;
      event.preventDefault();
      depth++;
      this.dropZone.hidden = false;
    });
    panel.addEventListener('dragover', (event) => {
      if (dragsFiles(event)) event.preventDefault();
    });
    panel.addEventListener('dragleave', () => {
      if (--depth <= 0) this.hideZone();
    });
    panel.addEventListener('drop', (event) => {
      event.preventDefault();
      this.hideZone();
      depth = 0;
      this.add([...(event.dataTransfer?.files ?? [])]);
    });
    this.chips.addEventListener('click', (event) => {
      const id = (event.target as HTMLElement).closest('[data-remove]')?.getAttribute('data-remove');
      if (id === null || id === undefined) return;
      this.pending = this.pending.filter((p) => String(p.id) !== id);
      this.render();
      composer.focus();
    });
    // Labelled by relabel(), which the view calls with its words.
  }

  relabel(): void {
    const { attach, dropHere } = this.t();
    this.button.setAttribute('aria-label', attach);
    this.button.title = attach;
    this.dropZone.textContent = dropHere;
    this.render();
  }

  /** Whether a file is still going up: Send waits for it. */
  busy(): boolean {
    return this.pending.some((p) => !p.uploaded && !p.error);
  }

  /** Whether a file is ready to go (a message of files only needs one). */
  ready(): boolean {
    return this.pending.some((p) => p.uploaded);
  }

  /** The uploaded files for the message being sent; the chips go (refused ones too: they were seen). */
  take(): UploadedFile[] {
    const ready = this.pending.flatMap((p) => (p.uploaded ? [p.uploaded] : []));
    this.pending = [];
    this.render();
    return ready;
  }

  add(files: File[]): void {
    for (const file of files) {
      const item: Pending = { id: this.next++, name: file.name || 'file', size: file.size };
      this.pending.push(item);
      this.conversation
        .upload(file)
        .then((uploaded) => (item.uploaded = uploaded))
        .catch((error: unknown) => (item.error = error instanceof Error ? error.message : String(error)))
        .finally(() => this.render());
    }
    this.render();
  }

  private hideZone(): void {
    this.dropZone.hidden = true;
  }

  private render(): void {
    const t = this.t();
    this.chips.hidden = this.pending.length === 0;
    this.chips.replaceChildren(
      ...this.pending.map((p) => {
        const state = p.error ? 'failed' : p.uploaded ? 'ready' : 'uploading';
        const chip = el(
          'li',
          { class: 'chip', 'data-state': state },
          el('span', { class: 'chip-name', dir: 'auto' }, p.name),
          el('span', { class: 'chip-size' }, state === 'uploading' ? t.uploading : t.size(p.size)),
          el(
            'button',
            { type: 'button', class: 'chip-x', 'data-remove': String(p.id), 'aria-label': `${t.remove}: ${p.name}` },
            '×',
          ),
        );
        if (p.error) chip.append(el('span', { class: 'chip-error', role: 'alert' }, p.error));
        return chip;
      }),
    );
    this.changed();
  }
}

/** A message's files: previews for images with a link, links with their size for the rest. */
export function renderFiles(files: (WebchatFile | UploadedFile)[], t: Texts): HTMLElement {
  const list = el('div', { class: 'files' });
  for (const file of files) {
    const url = 'url' in file ? file.url : undefined;
    if (!url) {
      list.append(el('span', { class: 'file' }, `${file.name} · ${t.size(file.size)}`));
      continue;
    }
    const link = el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' });
    if (PREVIEWABLE.test(file.type)) {
      link.className = 'preview';
      link.append(el('img', { src: url, alt: file.name, loading: 'lazy' }));
    } else {
      link.className = 'file';
      link.append(el('span', { dir: 'auto' }, file.name), ` · ${t.size(file.size)}`);
    }
    list.append(link);
  }
  return list;
}
