/**
 * Why a manual block was refused, in the words the chat modal and the Blocked addresses page
 * show (SEC-3). Pure: the refusal comes from blockIp in ip-blocks.service.ts.
 */
export type BlockRefusalDetail =
  | { code: 'block.invalid_ip' | 'block.reason_required' | 'block.reason_too_long' }
  | { code: 'block.own_address'; ip: string }
  | { code: 'block.staff_address'; ip: string; staffNames: string[] };

export function blockRefusalText(refusal: BlockRefusalDetail): string {
  switch (refusal.code) {
    case 'block.invalid_ip':
      return 'Enter an IPv4 or IPv6 address, such as 203.0.113.7.';
    case 'block.reason_required':
      return 'Give a reason for the block.';
    case 'block.reason_too_long':
      return 'Keep the reason under 500 characters.';
    case 'block.own_address':
      return `${refusal.ip} is the address you are signed in from: blocking it would lock you out too. Not blocked.`;
    case 'block.staff_address':
      return `Staff are signed in from ${refusal.ip} (${refusal.staffNames.join(', ')}): a block would lock them out of the console and the sign-in page. Not blocked.`;
  }
}
