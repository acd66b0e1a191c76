import type { Auth, ServiceResponse } from '../../service/contract.js';
import { isAdmin, isMember, isReader, memberOf } from '../access.js';
import {
  badRequest,
  conflict,
  forbidden,
  GlanceError,
  notFound,
  policyForbidden,
} from '../errors.js';
import type { ImageMember, ImageRecord } from '../records.js';
import { isoSeconds } from '../views.js';
import { type GlanceContext, type GlanceRoute, json, lookupImage, noContent } from './context.js';

/** glance.common.config `image_member_quota`. */
const MEMBER_QUOTA = 128;
const STATUSES: ReadonlySet<string> = new Set(['pending', 'accepted', 'rejected']);

/** `ResponseSerializer._format_image_member`. */
function memberView(image: ImageRecord, member: ImageMember): Record<string, unknown> {
  return {
    member_id: member.memberId,
    image_id: image.id,
    status: member.status,
    created_at: isoSeconds(member.createdAt),
    updated_at: isoSeconds(member.updatedAt),
    schema: '/v2/schemas/member',
  };
}

const isOwner = (image: ImageRecord, auth: Auth) => image.owner === auth.projectId;

/** The policies of glance/policies/image.py on a member route, with the caller's membership as `member_id`. */
const POLICIES = {
  add_member: (image: ImageRecord, auth: Auth) =>
    isAdmin(auth) || (isMember(auth) && isOwner(image, auth)),
  delete_member: (image: ImageRecord, auth: Auth) =>
    isAdmin(auth) || (isMember(auth) && isOwner(image, auth)),
  get_member: (image: ImageRecord, auth: Auth) =>
    isAdmin(auth) || (isReader(auth) && (isOwner(image, auth) || !!memberOf(image, auth))),
  modify_member: (image: ImageRecord, auth: Auth) =>
    isAdmin(auth) || (isMember(auth) && !!memberOf(image, auth)),
} as const;

function enforce(rule: keyof typeof POLICIES, image: ImageRecord, auth: Auth): void {
  if (!POLICIES[rule](image, auth)) throw policyForbidden(rule);
}

/** The member rows the caller may see: all to the owner and admins, its own to a member. */
function visibleMembers(image: ImageRecord, auth: Auth): ImageMember[] {
  const members = image.members ?? [];
  if (isAdmin(auth) || isOwner(image, auth)) return members;
  return members.filter((m) => m.memberId === auth.projectId);
}

/** `_lookup_member`: the get_member policy, then the row among those the caller sees. */
function lookupMember(image: ImageRecord, auth: Auth, memberId: string): ImageMember {
  enforce('get_member', image, auth);
  const member = visibleMembers(image, auth).find((m) => m.memberId === memberId);
  if (!member) throw notFound(`${memberId} not found in the member list of the image ${image.id}.`);
  return member;
}

/** `_get_request_body`, then the one key each deserializer reads. */
function bodyField(body: unknown, key: string, missing: string, form: string): unknown {
  if (body === undefined) throw badRequest('Body expected in request.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(form);
  if (!(key in body)) throw badRequest(missing);
  return (body as Record<string, unknown>)[key];
}

/** Members belong to shared images only (`_check_visibility_and_ownership`). */
function requireShared(image: ImageRecord, refusal: string): void {
  if (image.visibility !== 'shared') throw forbidden(refusal);
}

function createMember(ctx: GlanceContext): ServiceResponse {
  const form = 'Expected a member in the form: {"member": "image_id"}';
  const memberId = bodyField(ctx.body, 'member', 'Member to be added not specified', form);
  if (!memberId) throw badRequest("Member can't be empty");
  if (typeof memberId !== 'string') throw badRequest(form);
  const image = lookupImage(ctx);
  requireShared(image, `Not allowed to create members for image ${image.id}.`);
  enforce('add_member', image, ctx.auth);
  const members = image.members ?? [];
  if (members.length + 1 > MEMBER_QUOTA) {
    throw new GlanceError(
      413,
      `Image member limit exceeded for image ${image.id}: The limit has been exceeded on the number of allowed image members for this image. Attempted: ${members.length + 1}, Maximum: ${MEMBER_QUOTA}:`,
    );
  }
  if (members.some((m) => m.memberId === memberId))
    throw conflict(`Member ${memberId} is duplicated for image ${image.id}`);
  const now = ctx.store.now();
  const member: ImageMember = { memberId, status: 'pending', createdAt: now, updatedAt: now };
  image.members = [...members, member];
  return json(200, memberView(image, member));
}

function updateMember(ctx: GlanceContext): ServiceResponse {
  const status = bodyField(
    ctx.body,
    'status',
    'Status not specified',
    'Expected a status in the form: {"status": "status"}',
  );
  const image = lookupImage(ctx);
  requireShared(image, `Not allowed to update members for image ${image.id}.`);
  const member = lookupMember(image, ctx.auth, ctx.params.member_id!);
  enforce('modify_member', image, ctx.auth);
  if (typeof status !== 'string' || !STATUSES.has(status))
    throw badRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
  member.status = status as ImageMember['status'];
  member.updatedAt = ctx.store.now();
  return json(200, memberView(image, member));
}

function listMembers(ctx: GlanceContext): ServiceResponse {
  const image = lookupImage(ctx);
  requireShared(
    image,
    `Not allowed to list members for image ${image.id}: Only shared images have members.`,
  );
  enforce('get_member', image, ctx.auth);
  const members = visibleMembers(image, ctx.auth).map((m) => memberView(image, m));
  return json(200, { members, schema: '/v2/schemas/members' });
}

/** show answers 404 where the others answer 403: it hides what the caller may not see. */
function showMember(ctx: GlanceContext): ServiceResponse {
  const image = lookupImage(ctx);
  if (image.visibility !== 'shared') throw notFound('Only shared images have members.');
  try {
    return json(200, memberView(image, lookupMember(image, ctx.auth, ctx.params.member_id!)));
  } catch (error) {
    if (error instanceof GlanceError && error.code === 403) throw notFound(error.message);
    throw error;
  }
}

function deleteMember(ctx: GlanceContext): ServiceResponse {
  const image = lookupImage(ctx);
  requireShared(image, `Not allowed to delete members for image ${image.id}.`);
  const member = lookupMember(image, ctx.auth, ctx.params.member_id!);
  enforce('delete_member', image, ctx.auth);
  image.members = (image.members ?? []).filter((m) => m !== member);
  return noContent();
}

export const memberRoutes: readonly GlanceRoute[] = [
  { method: 'GET', path: '/v2/images/{image_id}/members', handler: listMembers },
  { method: 'POST', path: '/v2/images/{image_id}/members', handler: createMember },
  { method: 'GET', path: '/v2/images/{image_id}/members/{member_id}', handler: showMember },
  { method: 'PUT', path: '/v2/images/{image_id}/members/{member_id}', handler: updateMember },
  { method: 'DELETE', path: '/v2/images/{image_id}/members/{member_id}', handler: deleteMember },
];
