/** The final report's headline figures: what the Bilan shows first, and what a purge keeps of them. */
export interface ReportHeadline {
  /** Agents who installed the app (registered), whether they took part or not. */
  agentsRegistered: number;
  /** Agents with at least one participation. */
  participants: number;
  /** Directions with at least one participant (agents whose direction is not known are not counted). */
  directions: number;
  participations: number;
  /** Teams with at least one member. */
  teams: number;
  /** Workshops in the programme. */
  workshops: number;
  /** Workshops with at least one check-in. */
  workshopsHeld: number;
  quizAnswers: number;
  rightAnswers: number;
  /** Share of right answers, two decimals ("0.67"); null before any answer. */
  rightShare: string | null;
}
