/**
 * Neutron's error: its HTTP code, the exception's class name as `type`, and the message.
 * Rendered as `{ NeutronError: { type, message, detail: '' } }`.
 *
 * @example
 * throw NeutronError.notFound('NetworkNotFound', `Network ${id} could not be found.`);
 */
export class NeutronError extends Error {
  override readonly name = 'NeutronError';

  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  toJSON(): { NeutronError: { type: string; message: string; detail: string } } {
    return { NeutronError: { type: this.type, message: this.message, detail: '' } };
  }

  static badRequest(type: string, message: string): NeutronError {
    return new NeutronError(400, type, message);
  }

  /** neutron_lib's InvalidInput: the message is wrapped the way it wraps it. */
  static invalidInput(detail: string): NeutronError {
    return new NeutronError(400, 'InvalidInput', `Invalid input for operation: ${detail}.`);
  }

  static notFound(type: string, message: string): NeutronError {
    return new NeutronError(404, type, message);
  }

  static conflict(type: string, message: string): NeutronError {
    return new NeutronError(409, type, message);
  }

  /** oslo.policy's refusal, as Neutron renders it. */
  static policy(rule: string): NeutronError {
    return new NeutronError(403, 'PolicyNotAuthorized', `rule:${rule} is disallowed by policy`);
  }
}

/** Works across realms, as `instanceof` does not. */
export function isNeutronError(error: unknown): error is NeutronError {
  return error instanceof NeutronError || (error as Error | null)?.name === 'NeutronError';
}

// The not-found messages, one per resource, as neutron-lib words them.
export const notFound = {
  network: (id: string) =>
    NeutronError.notFound('NetworkNotFound', `Network ${id} could not be found.`),
  subnet: (id: string) =>
    NeutronError.notFound('SubnetNotFound', `Subnet ${id} could not be found.`),
  port: (id: string) => NeutronError.notFound('PortNotFound', `Port ${id} could not be found.`),
  securityGroup: (id: string) =>
    NeutronError.notFound('SecurityGroupNotFound', `Security group ${id} does not exist`),
  rule: (id: string) =>
    NeutronError.notFound('SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`),
  floatingIp: (id: string) =>
    NeutronError.notFound('FloatingIPNotFound', `Floating IP ${id} could not be found`),
  router: (id: string) =>
    NeutronError.notFound('RouterNotFound', `Router ${id} could not be found`),
};
