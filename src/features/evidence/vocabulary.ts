/** What evidence may be (photos and PDFs only) and how long its presigned URLs live. */

export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

/** A file format as its first bytes tell it; HEIC and HEIF are one family (both ISO-BMFF "ftyp" files). */
export type FileFamily = 'jpeg' | 'png' | 'webp' | 'heif' | 'pdf';

export const FAMILY_OF: Record<EvidenceContentType, FileFamily> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heif',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

export const FAMILY_LABELS: Record<FileFamily, string> = {
  jpeg: 'JPEG 图片',
  png: 'PNG 图片',
  webp: 'WebP 图片',
  heif: 'HEIC/HEIF 图片',
  pdf: 'PDF 文档',
};

/** A presigned upload is good for 10 minutes, a presigned download for 5. */
export const UPLOAD_TTL_SECONDS = 10 * 60;
export const DOWNLOAD_TTL_SECONDS = 5 * 60;

/** Pending uploads older than this (never confirmed) are removed by the housekeeping job. */
export const STALE_PENDING_MINUTES = 60;
