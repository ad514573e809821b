// The web chat widget's WebSocket protocol (/channels/webchat/{channelId}): one zod schema per
// frame, shared by the server (server/channels/webchat/) and the widget (widget/).
import { z } from 'zod';
import { LIMITS } from './limits';
import {
  Attachment,
  AuthorType,
  epochMs,
  Lang,
  Notice,
  TEXT_OR_FILES,
  textOrFiles,
  UploadRefs,
  VisitorPage,
} from './schemas';
import { deskId, deskText, filledText } from './text-rules';

export const WebchatClientFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    /** Returned by a previous welcome, or minted by the site for a logged-in user. */
    visitorToken: deskText(256).optional(),
    name: deskText(LIMITS.name).optional(),
    /** A logged-in visitor's address, passed by the site (Textdesk.identify): shown, never linked on. */
    email: z.email().max(254).optional(),
    /**
     * A logged-in visitor's address the site's backend signed (issue 18 §1): `signature` is
     * hex(HMAC-SHA256(channel secret, the address lower-cased and trimmed)). The visitor then
     * joins the customer who holds that address on any channel; a signature that does not match
     * refuses the hello.
     */
    identity: z
      .object({
        email: z.email().max(254),
        signature: z.string().regex(/^[0-9a-fA-F]{64}$/, 'hex of an HMAC-SHA256: 64 characters'),
      })
      .strict()
      .optional(),
    /** The last message id the widget has shown: the welcome replays what came after it. */
    since: deskText(LIMITS.id).optional(),
    /** The page the widget is on, shown to the operator; sent again when the page changes. */
    page: VisitorPage.optional(),
  }),
  /**
   * The pre-chat form's answers (the channel's `prechat` setting), after hello and before the
   * first message. The e-mail is as typed: it is kept apart from a verified one. Errors about it
   * come back with id "profile".
   */
  z
    .object({
      type: z.literal('profile'),
      name: filledText(LIMITS.name).optional(),
      email: z.email().max(254).optional(),
      consent: z.literal(true).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('message'),
      id: deskId(64),
      text: deskText(LIMITS.messageText).default(''),
      /** Refs returned by POST /channels/webchat/{channelId}/files. */
      attachments: UploadRefs.optional(),
    })
    .refine(textOrFiles, TEXT_OR_FILES),
  /** The visitor is typing (sent at most every few seconds while they do), or stopped (active false). */
  z.object({ type: z.literal('typing'), active: z.boolean().default(true) }).strict(),
  /** The visitor has seen the conversation up to this message (panel open, tab visible). */
  z.object({ type: z.literal('read'), upTo: deskId(LIMITS.id) }).strict(),
]);
export type WebchatClientFrame = z.infer<typeof WebchatClientFrame>;

/** Replacements for the widget's words, by language and the widget's key (widget/texts.ts), e.g. `{"ru":{"title":"…"}}`. */
export const WidgetTexts = z.partialRecord(
  Lang,
  z.record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, 'a key of widget/texts.ts such as title or rate5'),
    deskText(300),
  ),
);
export type WidgetTexts = z.infer<typeof WidgetTexts>;

/** How the pre-chat form asks for a field: not at all, as a choice, or before the chat starts. */
const PrechatField = z.enum(['off', 'optional', 'required']);
const httpUrl = z
  .string()
  .max(LIMITS.url)
  .regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL such as https://shop.example/privacy');
/** A web chat channel's `prechat` setting: the form the widget shows before the first message. */
export const WebchatPrechat = z
  .object({
    name: PrechatField.default('off'),
    email: PrechatField.default('off'),
    /** A checkbox the visitor must tick (the text, and a link to the policy); null: none. */
    consent: z
      .object({ text: filledText(300), url: httpUrl.optional() })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type WebchatPrechat = z.infer<typeof WebchatPrechat>;

/** A file on the web chat wire: with a signed link the widget can show or download (it expires; the history signs anew). */
export const WebchatFile = Attachment.extend({ url: z.string() });
export type WebchatFile = z.infer<typeof WebchatFile>;

export const WebchatMessage = z.object({
  id: z.string(),
  text: z.string(),
  author: z.object({ type: AuthorType, name: z.string().nullable() }),
  createdAt: epochMs,
  attachments: z.array(WebchatFile).optional(),
  /** A bot message's kind: the widget draws it as a notice (askRating with buttons). */
  notice: Notice.optional(),
});
export type WebchatMessage = z.infer<typeof WebchatMessage>;

export const WebchatServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    visitorToken: z.string(),
    contactId: z.string(),
    history: z.array(WebchatMessage),
    /** The channel's own wording for the widget, per language (its `widgetTexts` setting). */
    texts: WidgetTexts.optional(),
    /** The newest message the operator has read, so a reloaded widget shows "Read" at once. */
    read: z.string().optional(),
    /** The channel's pre-chat form, when it asks for anything. */
    prechat: WebchatPrechat.optional(),
    /**
     * The queue is closed and takes messages through a form (issue 17 §1, policy `offline-form`):
     * the widget shows a leave-a-message form instead of the live chat.
     */
    offline: z.literal(true).optional(),
  }),
  z.object({
    type: z.literal('ack'),
    id: z.string(),
    conversationId: z.string(),
    messageId: z.string(),
    duplicate: z.boolean(),
    /** The message's files with signed links, so the sender's tab can show them. */
    attachments: z.array(WebchatFile).optional(),
  }),
  z.object({ type: z.literal('message'), message: WebchatMessage }),
  z.object({ type: z.literal('error'), id: z.string().optional(), error: z.string() }),
  /** The operator is typing (at most every second or so while they do); the widget hides it after a few seconds. */
  z.object({ type: z.literal('typing'), name: z.string().nullable() }),
  /** The operator has read the conversation up to this message id. */
  z.object({ type: z.literal('read'), upTo: z.string() }),
]);
export type WebchatServerFrame = z.infer<typeof WebchatServerFrame>;
