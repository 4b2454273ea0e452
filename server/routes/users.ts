import { Hono } from 'hono';
import { z } from 'zod';
import { roles } from '../db/schema.ts';
import {
  createAccount,
  displayNameSchema,
  listUsers,
  passwordSchema,
  usernameSchema,
} from '../services/accounts/accounts.ts';
import { signedIn, type AppEnv } from '../middleware/session.ts';
import { validate } from '../middleware/validate.ts';

const newUserBody = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  password: passwordSchema,
  role: z.enum(roles),
});

/** Account administration: administrators only. */
export function userRoutes() {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ users: listUsers(c.get('services'), signedIn(c)) }))
    .post('/', validate('json', newUserBody), async (c) => {
      const user = await createAccount(c.get('services'), signedIn(c), c.req.valid('json'));
      return c.json({ user }, 201);
    });
}
