// The SMS channel over SMPP 3.4 (issue 16): textdesk binds to the SMSC of an operator or an SMS
// aggregator as a transceiver, takes customers' messages and delivery receipts as deliver_sm, and
// sends replies as submit_sm through the durable outbox.
import { defineAdapter, type ChannelHost, type MountedChannel } from '../adapter';
import { SmsBinds } from './binds';
import { SmsCredentials, SmsSettings } from './settings';
import { submitMessage } from './submit';
import { phoneAddress } from '../start-addresses';

/** A delivery finds a bind still starting up if it comes within this long; otherwise it is retried. */
const BIND_WAIT_MS = 3_000;
/**
 * About ten parts: 670 characters is ten UCS-2 parts (67 each), or five GSM-7 ones (153 each).
 * Each part is billed as an SMS.
 */
const MAX_TEXT = 670;

/** The binds of each mount, for deliveries (by their host) and probes (by channel). */
const mounted = new Map<ChannelHost, SmsBinds>();

export const smsAdapter = defineAdapter({
  kind: 'sms',
  settings: SmsSettings,
  credentials: SmsCredentials,
  // No files in an SMS. No bot notices either: each would be a paid SMS (greeting, place in
  // queue, "operator joined", the rating question) the customer did not ask for.
  capabilities: {
    attachments: false,
    html: false,
    edits: false,
    maxTextLength: MAX_TEXT,
    smsParts: true,
    notices: false,
    // Starting a conversation: any number.
    startsConversations: 'any-address',
  },
  usesOutbox: () => true,
  mount: (host) => mountSms(host),
  async deliver(channel, delivery, signal, host) {
    const binds = host && mounted.get(host);
    const record = host?.channel(channel.id);
    if (!binds || !record) return { status: 'transient', error: 'the SMS channels are not mounted yet' };
    const bind = await binds.bindOf(record);
    if (!bind) return { status: 'transient', error: 'the channel has no SMSC bind' };
    if (!bind.session.isBound && !(await bind.session.waitBound(BIND_WAIT_MS)))
      return { status: 'transient', error: `not bound to the SMSC: ${bind.session.lastError ?? 'binding'}` };
    return submitMessage(bind.session, bind.settings, bind.sent, delivery, signal);
  },
  startAddress: phoneAddress,
  async probe(channel) {
    const { host, port } = channel.settings;
    const bind = [...mounted.values()]
      .map((binds) => binds.liveBind(channel.id, channel.settings, channel.credentials))
      .find((b) => b !== undefined);
    if (!bind) return { probed: true, ok: false, detail: `no bind to ${host}:${port} is running on this server` };
    // A second bind with the same system_id is refused by many SMSCs: the live one answers for it.
    if (bind.session.isBound || (await bind.session.waitBound(BIND_WAIT_MS)))
      return { probed: true, ok: true, detail: `bound to ${host}:${port} as a transceiver` };
    return { probed: true, ok: false, detail: `${host}:${port}: ${bind.session.lastError ?? 'not bound yet'}` };
  },
});

function mountSms(host: ChannelHost): MountedChannel {
  const binds = new SmsBinds(host);
  mounted.set(host, binds);
  // Not awaited: the server's start must not wait on an SMSC elsewhere, reachable or not.
  void binds.reconcile();
  return {
    routes: [],
    async close() {
      mounted.delete(host);
      await binds.close();
    },
  };
}
