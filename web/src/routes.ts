import { lazy } from 'solid-js';
import type { RouteDefinition } from '@solidjs/router';

/** The one route table; every page is loaded on demand, so the sign-in page never loads the workspace. */
export const routes: RouteDefinition[] = [
  { path: '/sign-in', component: lazy(() => import('./pages/sign-in/SignInPage.tsx')) },
  { path: '/', component: lazy(() => import('./pages/catalogue/CataloguePage.tsx')) },
  { path: '/labs/:labId', component: lazy(() => import('./pages/workspace/WorkspacePage.tsx')) },
  { path: '/scoreboard/:cohortId?', component: lazy(() => import('./pages/scoreboard/ScoreboardPage.tsx')) },
  { path: '/instructor', component: lazy(() => import('./pages/instructor/InstructorPage.tsx')) },
  { path: '/instructor/library', component: lazy(() => import('./pages/instructor/library/LibraryPage.tsx')) },
  {
    path: '/instructor/library/:labId',
    component: lazy(() => import('./pages/instructor/library/LabPreviewPage.tsx')),
  },
  {
    path: '/instructor/library/:labId/try',
    component: lazy(() => import('./pages/instructor/library/TryLabPage.tsx')),
  },
  {
    path: '/instructor/cohorts/:cohortId/:section?',
    component: lazy(() => import('./pages/instructor/CohortPage.tsx')),
  },
  { path: '/admin', component: lazy(() => import('./pages/admin/AdminPage.tsx')) },
  { path: '/admin/packages', component: lazy(() => import('./pages/admin/PackagesPage.tsx')) },
  { path: '/author', component: lazy(() => import('./pages/author/AuthorPage.tsx')) },
  { path: '/author/drafts/:draftId', component: lazy(() => import('./pages/author/DraftEditorPage.tsx')) },
  { path: '/author/drafts/:draftId/preview', component: lazy(() => import('./pages/author/DraftPreviewPage.tsx')) },
  { path: '/set-password', component: lazy(() => import('./pages/set-password/SetPasswordPage.tsx')) },
  { path: '*', component: lazy(() => import('./pages/NotFoundPage.tsx')) },
];
