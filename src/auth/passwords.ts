import bcrypt from 'bcryptjs';

const COST = 11;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, COST);

export const verifyPassword = (password: string, hash: string): Promise<boolean> =>
  bcrypt.compare(password, hash);

/** Compared against when the email is unknown, so both paths cost one bcrypt round. */
export const DUMMY_HASH = bcrypt.hashSync('timing-equaliser', COST);
