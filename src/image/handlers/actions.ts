import type { ServiceResponse } from '../../service/contract.js';
import { enforceOwner } from '../access.js';
import { forbidden } from '../errors.js';
import { type GlanceContext, type GlanceRoute, noContent } from './context.js';

/**
 * deactivate/reactivate (image_actions.py): the owner's members or an admin (Glance's
 * current default, ADMIN_OR_PROJECT_MEMBER); doing it twice is a no-op; any other status
 * is Glance's 403.
 */
function toggle(action: 'deactivate' | 'reactivate') {
  return (ctx: GlanceContext): ServiceResponse => {
    const image = ctx.store.visible(ctx.params.image_id!, ctx.auth);
    enforceOwner(image, ctx.auth, action);
    const [from, to] =
      action === 'deactivate' ? ['active', 'deactivated'] : ['deactivated', 'active'];
    if (image.status === from) ctx.store.move(image, to as 'active' | 'deactivated');
    else if (image.status !== to)
      throw forbidden(`Not allowed to ${action} image in status '${image.status}'`);
    return noContent();
  };
}

export const actionRoutes: readonly GlanceRoute[] = [
  {
    method: 'POST',
    path: '/v2/images/{image_id}/actions/deactivate',
    handler: toggle('deactivate'),
  },
  {
    method: 'POST',
    path: '/v2/images/{image_id}/actions/reactivate',
    handler: toggle('reactivate'),
  },
];
