import { Hono } from 'hono';
import { z } from 'zod';
import { roles } from '../db/schema.ts';
import {
  createUser,
  displayNameSchema,
  listUsers,
  passwordSchema,
  usernameSchema,
} from '../services/accounts/accounts.ts';
import { withRole, type AppEnv } from '../middleware/session.ts';
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
    .get('/', (c) => {
      withRole(c, 'admin');
      return c.json({ users: listUsers(c.get('services')) });
    })
    .post('/', validate('json', newUserBody), async (c) => {
      const actor = withRole(c, 'admin');
      const user = await createUser(c.get('services'), c.req.valid('json'), actor);
      return c.json({ user }, 201);
    });
}
