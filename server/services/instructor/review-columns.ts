import { alias } from 'drizzle-orm/sqlite-core';
import { reviews, users } from '../../db/schema.ts';

/** The reviewing instructor, joined as a second copy of users beside the trainee. */
export const reviewers = alias(users, 'reviewers');

/** The columns of an answer's review, for a query over submissions that left-joins reviews and their reviewers. */
export const reviewColumns = {
  reviewPoints: reviews.points,
  reviewComment: reviews.comment,
  reviewedAt: reviews.reviewedAt,
  reviewerId: reviews.reviewerId,
  reviewerName: reviewers.displayName,
};

/** An answer's review as the instructor's views show it, or null while it has none. */
export function reviewOf(row: {
  reviewPoints: number | null;
  reviewComment: string | null;
  reviewedAt: Date | null;
  reviewerId: number | null;
  reviewerName: string | null;
}) {
  if (row.reviewedAt === null) return null;
  return {
    points: row.reviewPoints!,
    comment: row.reviewComment!,
    reviewedAt: row.reviewedAt,
    reviewer: { id: row.reviewerId!, displayName: row.reviewerName },
  };
}
