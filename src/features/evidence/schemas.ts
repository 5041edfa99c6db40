import * as z from 'zod';
import { issueKey } from '../../platform/problems/catalog.ts';
import { EVIDENCE_STAGES } from '../hazards/vocabulary.ts';
import { SUBJECT_TYPES } from '../timeline/vocabulary.ts';
import { EVIDENCE_CONTENT_TYPES } from './vocabulary.ts';

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // No regex flags in schemas: the OpenAPI generator writes them into the pattern string.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters (C0 and DEL)
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: issueKey('evidence_file_name_format') });

/** Size is checked against EVIDENCE_MAX_BYTES in the handler (a 413, not a 400). */
export const CreateUpload = z
  .strictObject({
    fileName,
    contentType: z.enum(EVIDENCE_CONTENT_TYPES),
    size: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, { error: issueKey('sha256_format') }),
  })
  .meta({
    id: 'CreateEvidenceUpload',
    description: '申请上传一个证据文件（照片或 PDF）/ Ask for a presigned upload of one evidence file',
    example: {
      fileName: '楼道堆放杂物.jpg',
      contentType: 'image/jpeg',
      size: 204800,
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    },
  });

export const UploadTicket = z
  .object({
    id: z.uuid(),
    upload: z.object({
      method: z.enum(['POST', 'PUT']),
      url: z.url(),
      /** POST: the form fields, in this order, before `file`. PUT: empty. */
      fields: z.record(z.string(), z.string()),
      /** PUT: the headers to send with the bytes. POST: empty. */
      headers: z.record(z.string(), z.string()),
    }),
    expiresAt: z.iso.datetime(),
  })
  .meta({
    id: 'EvidenceUploadTicket',
    description:
      'method=POST：以 multipart/form-data POST 到 url，先放 fields 中的全部字段，最后放 file；method=PUT：以 headers PUT 文件内容到 url。到期前上传，然后确认。' +
      ' / POST: a multipart form to url, every field first, `file` last. PUT: the bare bytes with `headers`. Upload before expiresAt, then confirm.',
  });

export const Evidence = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    contentType: z.enum(EVIDENCE_CONTENT_TYPES),
    size: z.number().int(),
    sha256: z.string(),
    status: z.enum(['pending', 'confirmed', 'rejected']),
    subjectType: z.enum(SUBJECT_TYPES).nullable().describe('what the file is attached to, once attached'),
    subjectId: z.uuid().nullable(),
    stage: z.enum(EVIDENCE_STAGES).nullable(),
    createdAt: z.iso.datetime(),
    confirmedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Evidence' });

export const EvidenceDownload = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    contentType: z.enum(EVIDENCE_CONTENT_TYPES),
    size: z.number().int(),
    sha256: z.string(),
    url: z.url(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'EvidenceDownload', description: '短时有效的下载地址 / a short-lived presigned GET' });
