import type * as z from 'zod';
import type { Permission } from '../authz/roles.ts';
import type { ProblemCode } from '../problems/catalog.ts';
import { defineRoute, IdParam, json, jsonBody } from './route.ts';

type ItemVerb = 'get' | 'create' | 'update' | 'remove';

/**
 * The four item routes of a register (GET/PATCH/DELETE /x/{id}, POST /x), declared once: each
 * resource gives its path, schemas, permissions, the words users read and its name in
 * operationIds (`Place` → getPlace, createPlace, updatePlace, deletePlace); the handlers stay in
 * the feature. List routes differ per resource (filters, sorting) and are declared there.
 */
export function itemRoutes<Item extends z.ZodType, Create extends z.ZodType, Update extends z.ZodType>(r: {
  path: `/${string}`;
  tag: string;
  /** PascalCase singular, for the operationIds. */
  name: string;
  schemas: { item: Item; create: Create; update: Update };
  read: Permission;
  write: Permission;
  /** A lesser permission PATCH requires when the handler narrows the fields by permission. */
  update?: Permission;
  summaries: { get: string; create: string; update: string; remove: string };
  /** Extra words for the PATCH route (e.g. which fields which role may change). */
  updateDescription?: string;
  /** Codes the handlers answer beyond the shape's own (a version conflict on update, a referenced row on delete, are implied). */
  errors?: Partial<Record<ItemVerb, readonly ProblemCode[]>>;
}) {
  const tags = [r.tag];
  const byId = `${r.path}/{id}` as const;
  return {
    get: defineRoute({
      method: 'get',
      path: byId,
      operationId: `get${r.name}`,
      tags,
      summary: r.summaries.get,
      permission: r.read,
      request: { params: IdParam },
      responses: { 200: json(r.schemas.item, 'the item') },
      errors: r.errors?.get ?? [],
    }),
    create: defineRoute({
      method: 'post',
      path: r.path,
      operationId: `create${r.name}`,
      tags,
      summary: r.summaries.create,
      permission: r.write,
      request: { body: jsonBody(r.schemas.create) },
      responses: { 201: json(r.schemas.item, 'created') },
      errors: r.errors?.create ?? [],
    }),
    update: defineRoute({
      method: 'patch',
      path: byId,
      operationId: `update${r.name}`,
      tags,
      summary: r.summaries.update,
      ...(r.updateDescription ? { description: r.updateDescription } : {}),
      permission: r.update ?? r.write,
      request: { params: IdParam, body: jsonBody(r.schemas.update) },
      responses: { 200: json(r.schemas.item, 'updated') },
      errors: ['version_conflict', ...(r.errors?.update ?? [])],
    }),
    remove: defineRoute({
      method: 'delete',
      path: byId,
      operationId: `delete${r.name}`,
      tags,
      summary: r.summaries.remove,
      permission: r.write,
      request: { params: IdParam },
      responses: { 204: { description: 'deleted' } },
      errors: ['still_referenced', ...(r.errors?.remove ?? [])],
    }),
  };
}
