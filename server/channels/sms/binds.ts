// One SMSC bind per SMS channel, kept in step with the channels as they are added, changed
// (`admin channel set`: a new bind with the new settings) and deleted, checked every second
// as the IMAP importers are (server/channels/email/mailboxes.ts). The binds' deliver_sm go to
// the intake (customers' messages) or to the desk's delivery reports (receipts).
import smpp, { type PDU } from 'smpp';
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { readDeliverSm } from './inbound-pdu';
import { MoIntake } from './mo-intake';
import { readReceipt, receiptIdAsStored, reportOf } from './receipts';
import { SmsCredentials, SmsSettings } from './settings';
import { SmscSession } from './smsc-session';
import { SentParts } from './submit';

const RECONCILE_MS = 1_000;
const SWEEP_MS = 60_000;

export interface Bind {
  fingerprint: string;
  /** The parsed settings and credentials, as a probe sees them. */
  configured: string;
  settings: SmsSettings;
  session: SmscSession;
  sent: SentParts;
}

export class SmsBinds {
  private readonly running = new Map<string, Bind>();
  private readonly intake: MoIntake;
  private readonly timers: NodeJS.Timeout[];
  private reconciling: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly host: ChannelHost) {
    this.intake = new MoIntake(host);
    this.timers = [
      setInterval(() => void this.reconcile(), RECONCILE_MS),
      setInterval(() => {
        for (const id of this.running.keys()) {
          const channel = host.channel(id);
          if (channel) void this.intake.sweep(channel);
        }
      }, SWEEP_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** The bind of a channel as it is configured now (reconciled first if it has changed). */
  async bindOf(channel: ChannelRecord): Promise<Bind | undefined> {
    if (this.running.get(channel.id)?.fingerprint !== fingerprint(channel)) await this.reconcile();
    return this.running.get(channel.id);
  }

  /** The running bind of this channel with exactly these parsed settings and credentials (for probes). */
  liveBind(channelId: string, settings: SmsSettings, credentials: SmsCredentials): Bind | undefined {
    const bind = this.running.get(channelId);
    return bind?.configured === JSON.stringify([settings, credentials]) ? bind : undefined;
  }

  /** Starts, restarts and stops binds to match the channels. */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.step());
    return this.reconciling;
  }

  private async step(): Promise<void> {
    if (this.closed) return;
    const wanted = new Map(this.host.channels().map((channel) => [channel.id, channel]));
    for (const [id, bind] of this.running) {
      const channel = wanted.get(id);
      if (!channel || fingerprint(channel) !== bind.fingerprint) {
        this.running.delete(id);
        await bind.session.stop();
      }
    }
    for (const [id, channel] of wanted) {
      if (this.running.has(id)) continue;
      const settings = SmsSettings.safeParse(channel.settings);
      const credentials = SmsCredentials.safeParse(channel.credentials);
      if (!settings.success || !credentials.success) continue;
      const session = new SmscSession({
        host: settings.data.host,
        port: settings.data.port,
        systemId: credentials.data.systemId,
        password: credentials.data.password,
        systemType: settings.data.systemType,
        enquireLinkSec: settings.data.enquireLinkSec,
        throughputPerSec: settings.data.throughputPerSec,
        onDeliver: (pdu, answer) =>
          void this.delivered(id, pdu, answer).catch((error: unknown) => {
            this.host.log.error({ err: error, channel: id }, 'a deliver_sm could not be handled');
            answer(smpp.errors.ESME_RX_T_APPN);
          }),
        onBound: () => {
          const current = this.host.channel(id);
          if (current) this.host.reachable(current);
        },
        log: this.host.log.child({ channel: id, smsc: `${settings.data.host}:${settings.data.port}` }),
      });
      this.running.set(id, {
        fingerprint: fingerprint(channel),
        configured: JSON.stringify([settings.data, credentials.data]),
        settings: settings.data,
        session,
        sent: new SentParts(),
      });
      session.start();
    }
  }

  private async delivered(channelId: string, pdu: PDU, answer: (status: number) => boolean): Promise<void> {
    const channel = this.host.channel(channelId);
    const bind = this.running.get(channelId);
    if (!channel || !bind) {
      answer(smpp.errors.ESME_RX_T_APPN);
      return;
    }
    let read;
    try {
      read = readDeliverSm(pdu);
    } catch (error) {
      this.host.log.warn({ err: error, channel: channelId }, 'a deliver_sm could not be read');
      answer(smpp.errors.ESME_RX_P_APPN);
      return;
    }
    if (read.kind === 'message') return this.intake.take(channel, read, answer);
    if (read.kind === 'other') {
      answer(smpp.errors.ESME_ROK);
      return;
    }
    await this.receipt(channel, bind, pdu, answer);
  }

  /** A receipt moves its message on, then is answered; one for a part that is not the last only fails it. */
  private async receipt(channel: ChannelRecord, bind: Bind, pdu: PDU, answer: (status: number) => boolean) {
    const receipt = readReceipt(pdu);
    const report = receipt && reportOf(receipt, bind.settings.messageIds);
    if (!receipt || !report) {
      answer(smpp.errors.ESME_ROK);
      return;
    }
    const partId = receiptIdAsStored(receipt.id, bind.settings.messageIds);
    const message = partId === null ? undefined : bind.sent.messageOf.get(partId);
    // An earlier part's receipt: its delivery says nothing of the whole; its failure fails it,
    // once the last part's id is known (before that, the last part's own receipt will tell).
    if (message !== undefined && (report.status === 'delivered' || message.last === null)) {
      answer(smpp.errors.ESME_ROK);
      return;
    }
    try {
      await this.host.deliveryReport(channel, { ...report, providerId: message?.last ?? report.providerId });
      answer(smpp.errors.ESME_ROK);
    } catch (error) {
      this.host.log.warn({ err: error, channel: channel.id }, 'a delivery receipt was not stored; the SMSC is told so');
      answer(smpp.errors.ESME_RX_T_APPN);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.reconciling;
    await Promise.all([...this.running.values()].map((bind) => bind.session.stop()));
    this.running.clear();
  }
}

function fingerprint(channel: ChannelRecord): string {
  return JSON.stringify([channel.settings, channel.credentials]);
}
