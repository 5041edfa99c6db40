import * as z from 'zod';
import { issueKey } from '../../platform/problems/catalog.ts';

/** Request fields the registry's resources share, validated the same way everywhere. */
export const name = z.string().trim().min(1).max(100);
export const address = z.string().trim().max(200).nullable();
export const contactName = z.string().trim().min(1).max(50).nullable();
/** Light check only: landlines with area codes, extensions and mobiles all pass; letters do not. */
export const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, { error: issueKey('phone_format') })
  .nullable();
