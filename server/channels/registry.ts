// The channel kinds this server runs: kind → adapter. The desk reaches them only through this
// registry (as its ChannelPort), and the composition root mounts what each one listens on.
// Adding a kind: its folder under server/channels/, its name in shared/channel-kinds.ts, and
// its line here.
import { ZodError } from 'zod';
import type { ChannelKind } from '../../shared/channel-kinds';
import { LIMITS } from '../../shared/limits';
import type { ChannelLimits, ChannelTemplate } from '../../shared/schemas';
import type { ChannelPort } from '../desk/channel-port';
import { DeskError } from '../desk/errors';
import type { ChannelRecord } from '../desk/mappers';
import type {
  ChannelAdapter,
  ChannelHost,
  DeliveryOutcome,
  MountedChannel,
  ProbeOutcome,
  StartAddress,
  StartsConversations,
} from './adapter';
import { apiAdapter } from './api/adapter';
import { parseDelivery } from './delivery';
import { emailAdapter } from './email/adapter';
import { telegramAdapter } from './telegram/adapter';
import { viberAdapter } from './viber/adapter';
import { vkAdapter } from './vk/adapter';
import { smsAdapter } from './sms/adapter';
import { webchatAdapter } from './webchat/adapter';
import { whatsappAdapter } from './whatsapp/adapter';

/** Typed by the shared list, so a kind named there without an adapter does not compile. */
export const BUILT_IN_ADAPTERS: Record<ChannelKind, ChannelAdapter> = {
  api: apiAdapter,
  webchat: webchatAdapter,
  email: emailAdapter,
  telegram: telegramAdapter,
  whatsapp: whatsappAdapter,
  vk: vkAdapter,
  viber: viberAdapter,
  sms: smsAdapter,
};

export class ChannelAdapters implements ChannelPort {
  private readonly byKind = new Map<string, ChannelAdapter>();
  /** The host each kind was mounted with, for its deliveries. */
  private readonly hosts = new Map<string, ChannelHost>();
  /** What each kind listens on, for telling it of its channels' changes. */
  private readonly mounted = new Map<string, MountedChannel>();

  constructor(adapters: ChannelAdapter[]) {
    for (const adapter of adapters) this.byKind.set(adapter.kind, adapter);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  adapter(kind: string): ChannelAdapter {
    const adapter = this.byKind.get(kind);
    if (!adapter)
      throw new DeskError('BAD_REQUEST', `unknown channel kind "${kind}": this server has ${this.kinds().join(', ')}`);
    return adapter;
  }

  configure(kind: string, settings: unknown, credentials: unknown) {
    const adapter = this.adapter(kind);
    try {
      return adapter.configure(settings, credentials);
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      const fields = error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new DeskError('BAD_REQUEST', `settings or credentials do not fit the ${kind} kind — ${fields}`);
    }
  }

  usesOutbox(channel: ChannelRecord): boolean {
    return this.adapter(channel.adapter).usesOutbox(channel);
  }

  maxTextLength(channel: ChannelRecord): number | null {
    return this.adapter(channel.adapter).capabilities.maxTextLength;
  }

  carriesAttachments(channel: ChannelRecord): boolean {
    return this.adapter(channel.adapter).capabilities.attachments;
  }

  limits(channel: ChannelRecord): ChannelLimits {
    const { capabilities } = this.adapter(channel.adapter);
    return {
      // Without a limit of the provider's own, the desk's (every reply's schema) still holds.
      maxText: Math.min(capabilities.maxTextLength ?? LIMITS.messageText, LIMITS.messageText),
      partLength: capabilities.splitsTextAt ?? null,
      smsParts: capabilities.smsParts ?? false,
      files: capabilities.attachments,
    };
  }

  carriesNotices(channel: ChannelRecord): boolean {
    return this.adapter(channel.adapter).capabilities.notices;
  }

  showsTyping(channel: ChannelRecord): boolean {
    return this.adapter(channel.adapter).capabilities.typing ?? false;
  }

  showsReadReceipts(channel: ChannelRecord): boolean {
    return this.adapter(channel.adapter).capabilities.readReceipts ?? false;
  }

  replyWindowMs(channel: ChannelRecord): number | null {
    return this.adapter(channel.adapter).capabilities.replyWindowMs ?? null;
  }

  templates(channel: ChannelRecord): ChannelTemplate[] {
    return this.adapter(channel.adapter).templates(channel);
  }

  startsConversations(channel: ChannelRecord): StartsConversations {
    return this.adapter(channel.adapter).capabilities.startsConversations;
  }

  startAddress(channel: ChannelRecord, address: string): StartAddress {
    return this.adapter(channel.adapter).startAddress(address);
  }

  /** One attempt at an outbox entry. A channel deleted since it was queued has nowhere to go: permanent. */
  async deliver(channel: ChannelRecord | undefined, body: string, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!channel) return { status: 'permanent', error: 'the channel was deleted' };
    return this.adapter(channel.adapter).deliver(channel, parseDelivery(body), signal, this.hosts.get(channel.adapter));
  }

  async channelChanged(kind: string, channelId: string, channel: ChannelRecord | undefined): Promise<void> {
    try {
      await this.mounted.get(kind)?.channelChanged?.(channelId, channel);
    } catch (error) {
      // The change is committed; what the kind does with it is its own to retry.
      this.hosts.get(kind)?.log.error({ err: error, channelId }, 'a channel kind failed to act on a changed channel');
    }
  }

  probe(channel: ChannelRecord, signal: AbortSignal): Promise<ProbeOutcome> {
    return this.adapter(channel.adapter).probe(channel, signal);
  }

  /** Mounts every kind with a host whose channel look-up sees that kind's channels only. */
  mount(host: ChannelHost): MountedChannel[] {
    return [...this.byKind.values()].map((adapter) => {
      const own: ChannelHost = {
        ...host,
        channel: (id) => {
          const channel = host.channel(id);
          return channel?.adapter === adapter.kind ? channel : undefined;
        },
        channels: () => host.channels().filter((channel) => channel.adapter === adapter.kind),
      };
      this.hosts.set(adapter.kind, own);
      const mounted = adapter.mount(own);
      this.mounted.set(adapter.kind, mounted);
      return mounted;
    });
  }
}
