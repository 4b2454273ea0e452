import type { ClientResponse, InferResponseType } from 'hono/client';
import { client, read } from './api.ts';

type AuthoringRoute = typeof client.authoring;
type DraftRoute = AuthoringRoute['drafts'][':draftId'];

export type DraftSummary = InferResponseType<AuthoringRoute['drafts']['$get'], 200>['drafts'][number];
export type Draft = InferResponseType<DraftRoute['$get'], 200>['draft'];
export type SelfTestResult = InferResponseType<DraftRoute['self-test']['$post'], 200>;
type EvidenceUploaded = InferResponseType<DraftRoute['evidence']['$post'], 201>;
type NewDraft = { from: 'template'; labId: string } | { from: 'lab'; labId: string; newLabId?: string };

const draft = (draftId: number) => ({ param: { draftId: String(draftId) } });
const draftFile = (draftId: number, path: string) => ({ ...draft(draftId), query: { path } });

/** Lab authoring in the browser (authors and administrators): every call the editor makes. */
export const authoring = {
  me: () => read(client.authoring.me.$get()),
  authors: async () => (await read(client.authoring.authors.$get())).accounts,
  setAuthor: async (userId: number, author: boolean) =>
    (await read(client.authoring.authors[':userId'].$put({ param: { userId: String(userId) }, json: { author } })))
      .account,
  listDrafts: async () => (await read(client.authoring.drafts.$get())).drafts,
  createDraft: async (input: NewDraft) => (await read(client.authoring.drafts.$post({ json: input }))).draft,
  getDraft: async (draftId: number) => (await read(client.authoring.drafts[':draftId'].$get(draft(draftId)))).draft,
  deleteDraft: (draftId: number) => read(client.authoring.drafts[':draftId'].$delete(draft(draftId))),
  readFile: (draftId: number, path: string) =>
    read(client.authoring.drafts[':draftId'].file.$get(draftFile(draftId, path))),
  /** The address of a draft file's bytes (downloads, image previews). */
  rawFileUrl: (draftId: number, path: string) =>
    `/api/authoring/drafts/${draftId}/raw?path=${encodeURIComponent(path)}`,
  writeFile: async (draftId: number, path: string, content: string) =>
    (await read(client.authoring.drafts[':draftId'].file.$put({ ...draftFile(draftId, path), json: { content } })))
      .file,
  deleteFile: (draftId: number, path: string) =>
    read(client.authoring.drafts[':draftId'].file.$delete(draftFile(draftId, path))),
  /**
   * Uploads an artefact with its evidence entry and custody fields: the file as the body
   * (application/octet-stream, which the CSRF rule allows and forms are not), the fields in the query.
   */
  uploadEvidence: (draftId: number, file: File, fields: Record<string, string>) =>
    read(
      client.authoring.drafts[':draftId'].evidence.$post(
        { ...draft(draftId), query: { ...fields, name: file.name } },
        { headers: { 'content-type': 'application/octet-stream' }, init: { body: file } },
      ) as Promise<ClientResponse<EvidenceUploaded, 200 | 201, 'json'>>,
    ),
  validate: (draftId: number) => read(client.authoring.drafts[':draftId'].validate.$post(draft(draftId))),
  selfTest: (draftId: number, seeds?: string[]) =>
    read(client.authoring.drafts[':draftId']['self-test'].$post({ ...draft(draftId), json: seeds ? { seeds } : {} })),
  variant: (draftId: number, seed: string) =>
    read(client.authoring.drafts[':draftId'].variant.$get({ ...draft(draftId), query: { seed } })),
  preview: (draftId: number, reveal: boolean) =>
    read(
      client.authoring.drafts[':draftId'].preview.$get({
        ...draft(draftId),
        query: { reveal: reveal ? 'true' : 'false' },
      }),
    ),
  publish: (draftId: number) => read(client.authoring.drafts[':draftId'].publish.$post(draft(draftId))),
  versions: (labId: string) => read(client.authoring.labs[':labId'].versions.$get({ param: { labId } })),
  restore: (labId: string, version: number) =>
    read(
      client.authoring.labs[':labId'].versions[':version'].restore.$post({
        param: { labId, version: String(version) },
      }),
    ),
};
