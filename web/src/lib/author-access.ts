import { createResource, type Resource } from 'solid-js';
import { isStaff } from './api.ts';
import { authoring } from './authoring.ts';
import { useSession } from './session.tsx';

/** What the signed-in person may do as a lab author. */
export interface AuthorAccess {
  canAuthor: boolean;
  isAdmin: boolean;
  mayEditCode: boolean;
}

const NO_ACCESS: AuthorAccess = { canAuthor: false, isAdmin: false, mayEditCode: false };

/**
 * Whether the signed-in person writes labs (administrators, and instructors an administrator marked as
 * authors), asked again whenever another person signs in. Trainees are never authors: nothing is asked.
 */
export function useAuthorAccess(): Resource<AuthorAccess> {
  const session = useSession();
  const [access] = createResource(
    () => {
      const user = session.user();
      return user ? { id: user.id, role: user.role } : undefined;
    },
    async (user) => (isStaff(user) ? await authoring.me() : NO_ACCESS),
  );
  return access;
}
