// A VK channel's settings (`admin channel add --adapter vk --setting …`) and credentials: one
// community whose messages come in by the Callback API and go out by messages.send.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';

export const VkSettings = z
  .object({
    /** VK's API; tests point it at a fake on loopback. */
    apiUrl: z.url().default('https://api.vk.com/method'),
    /** The API version every call names (`v`), and the Callback API's version set for the server. */
    apiVersion: z
      .string()
      .regex(/^\d+\.\d+$/, 'a version such as 5.199')
      .default('5.199'),
    /** The community's id: events for another community are refused. */
    groupId: z.coerce.number().int().positive(),
    /** The string VK expects back to confirm the server (the community's Callback API page). */
    confirmation: z.string().min(1).max(64),
  })
  .strict();
export type VkSettings = z.infer<typeof VkSettings>;

export const VkCredentials = z
  .object({
    /** A community access token with the messages (and photos, docs) rights. */
    accessToken: z.string().min(1).max(LIMITS.credential),
    /** The Callback API's secret key, which every event carries. */
    secret: z.string().min(1).max(50),
  })
  .strict();
export type VkCredentials = z.infer<typeof VkCredentials>;
