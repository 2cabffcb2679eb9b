// The only module that talks to the desktop host. Everything else calls
// these functions, so tests can swap the host for a fake one.
import { invoke } from '@tauri-apps/api/core';
import type { ActivityDetails } from './bindings/ActivityDetails';
import type { AccessRequestId } from './bindings/AccessRequestId';
import type { ActivityId } from './bindings/ActivityId';
import type { Destination } from './bindings/Destination';
import type { Assignment } from './bindings/Assignment';
import type { BuddyRequest } from './bindings/BuddyRequest';
import type { ErasureRequest } from './bindings/ErasureRequest';
import type { NewOutcome } from './bindings/NewOutcome';
import type { ReportFormat } from './bindings/ReportFormat';
import type { CommandError } from './bindings/CommandError';
import type { Commands } from './bindings/Commands';
import type { ConsentChange } from './bindings/ConsentChange';
import type { GenerateSessions } from './bindings/GenerateSessions';
import type { ImportRequest } from './bindings/ImportRequest';
import type { LetterId } from './bindings/LetterId';
import type { LetterKind } from './bindings/LetterKind';
import type { Mark } from './bindings/Mark';
import type { MoveSession } from './bindings/MoveSession';
import type { NewParticipant } from './bindings/NewParticipant';
import type { NewReferral } from './bindings/NewReferral';
import type { Organisation } from './bindings/Organisation';
import type { ParticipantDetails } from './bindings/ParticipantDetails';
import type { ParticipantId } from './bindings/ParticipantId';
import type { ProposedAssignment } from './bindings/ProposedAssignment';
import type { ReferralId } from './bindings/ReferralId';
import type { ReferrerDetails } from './bindings/ReferrerDetails';
import type { ReferrerId } from './bindings/ReferrerId';
import type { RegisterRequest } from './bindings/RegisterRequest';
import type { RetentionSchedule } from './bindings/RetentionSchedule';
import type { Role } from './bindings/Role';
import type { RoleId } from './bindings/RoleId';
import type { RotaAssignmentId } from './bindings/RotaAssignmentId';
import type { SessionId } from './bindings/SessionId';
import type { Settings } from './bindings/Settings';
import type { StatusUpdate } from './bindings/StatusUpdate';
import type { VolunteerDetails } from './bindings/VolunteerDetails';
import type { VolunteerId } from './bindings/VolunteerId';
import type { WalkIn } from './bindings/WalkIn';

export type ApiError = CommandError;

/** Whatever the host threw, as `{code, message, field?}` in plain words. */
export function toApiError(error: unknown): ApiError {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    // The host's errors are CommandErrors, their code one of ErrorCode's.
    const { code, message, field } = error as ApiError;
    return field ? { code, message: String(message), field } : { code, message: String(message) };
  }
  if (typeof error === 'string') {
    return { code: 'invalid_request', message: `Tend could not do that: ${error}` };
  }
  return { code: 'unknown', message: 'Something went wrong. Please try again, and tell us if it happens again.' };
}

export function isApiError(value: unknown): value is ApiError {
  return !!value && typeof value === 'object' && 'code' in value && 'message' in value;
}

type Args<K extends keyof Commands> = Commands[K]['args'];

/** Sends one command: its name, arguments and result are the shell's own
 * (bindings/Commands.ts is generated from the Rust commands), so the
 * compiler refuses a name or an argument the shell does not have. */
async function call<K extends keyof Commands>(
  command: K,
  ...args: Record<string, never> extends Args<K> ? [] : [Args<K>]
): Promise<Commands[K]['returns']> {
  try {
    return await invoke<Commands[K]['returns']>(command, args[0]);
  } catch (error) {
    throw toApiError(error);
  }
}

export const api = {
  appStatus: () => call('app_status'),
  firstScreenShown: () => call('first_screen_shown'),
  backupStatus: () => call('backup_status'),
  backUpNow: () => call('back_up_now'),
  chooseBackup: () => call('choose_backup'),
  newestAutomaticBackup: () => call('newest_automatic_backup'),
  restoreChosenBackup: () => call('restore_chosen_backup'),
  openChosenBackup: (secret: string, recovery: boolean) => call('open_chosen_backup', { secret, recovery }),
  jobProgress: () => call('job_progress'),
  encryptionStatus: () => call('encryption_status'),
  unlock: (secret: string, recovery: boolean) => call('unlock', { secret, recovery }),
  unlockWithThisComputer: () => call('unlock_with_this_computer'),
  setUnlockAutomatically: (on: boolean) => call('set_unlock_automatically', { on }),
  planEncryption: (passphrase: string, again: string) => call('plan_encryption', { passphrase, again }),
  saveEmergencySheet: () => call('save_emergency_sheet'),
  finishEncryption: (typed: string) => call('finish_encryption', { typed }),
  cancelEncryption: () => call('cancel_encryption'),
  changePassphrase: (current: string, passphrase: string, again: string) => call('change_passphrase', { current, passphrase, again }),
  getOrganisation: () => call('get_organisation'),
  saveOrganisation: (organisation: Organisation) => call('save_organisation', { organisation }),
  chooseLogo: () => call('choose_logo'),
  removeLogo: () => call('remove_logo'),
  loadDemo: () => call('load_demo'),
  listActivities: () => call('list_activities'),
  createActivity: (details: ActivityDetails) => call('create_activity', { details }),
  generateSessions: (request: GenerateSessions) => call('generate_sessions', { request }),
  sessionsOnBankHolidays: () => call('sessions_on_bank_holidays'),
  settleBankHolidaySessions: (cancel: boolean) => call('settle_bank_holiday_sessions', { cancel }),
  listSessions: (activity: ActivityId) => call('list_sessions', { activity }),
  sessionsAroundToday: () => call('sessions_around_today'),
  peoplePage: (find: string, offset = 0, limit = 50) => call('people_page', { query: { find, offset, limit } }),
  lookAlikes: (details: ParticipantDetails, except: ParticipantId | null = null) => call('look_alikes', { query: { details, except } }),
  getParticipant: (id: ParticipantId) => call('get_participant', { id }),
  updateParticipant: (id: ParticipantId, details: ParticipantDetails) => call('update_participant', { request: { id, details } }),
  changeConsent: (id: ParticipantId, change: ConsentChange) => call('change_consent', { id, change }),
  mergePeople: (keep: ParticipantId, other: ParticipantId, details: ParticipantDetails) => call('merge_people', { request: { keep, other, details } }),
  leaveDemo: () => call('leave_demo'),
  findInSession: (session: SessionId, query: string) => call('find_in_session', { session, query }),
  marksAllowed: (session: SessionId) => call('marks_allowed', { session }),
  reinstateSession: (session: SessionId) => call('reinstate_session', { session }),
  addParticipant: (request: NewParticipant) => call('add_participant', { request }),
  enrol: (activity: ActivityId, participant: ParticipantId, on: string) => call('enrol', { request: { activity, participant, on } }),
  sessionRegister: (session: SessionId) => call('session_register', { session }),
  recordAttendance: (session: SessionId, participant: ParticipantId, mark: Mark | null) =>
    call('record_attendance', { request: { session, participant, mark } }),
  addWalkIn: (session: SessionId, who: WalkIn) => call('add_walk_in', { request: { session, who } }),
  saveSignInSheet: (session: SessionId, to: Destination = 'print') => call('save_sign_in_sheet', { session, to }),
  saveLeaderCopy: (session: SessionId, to: Destination = 'print') => call('save_leader_copy', { session, to }),
  saveRegister: (request: RegisterRequest) => call('save_register', { request }),
  registerPeriodsOffered: () => call('register_periods_offered'),
  cancelSession: (session: SessionId, reason: string) => call('cancel_session', { request: { session, reason } }),
  listRoles: () => call('list_roles'),
  addRole: (name: string) => call('add_role', { name }),
  updateActivity: (activity: ActivityId, details: ActivityDetails) => call('update_activity', { activity, details }),
  riskAssessmentsDue: () => call('risk_assessments_due'),
  moveSession: (request: MoveSession) => call('move_session', { request }),
  sessionsBetween: (from: string, to: string) => call('sessions_between', { range: { from, to } }),
  getSettings: () => call('get_settings'),
  saveSettings: (settings: Settings) => call('save_settings', { settings }),
  bankHolidaysAhead: () => call('bank_holidays_ahead'),
  stoppedComing: () => call('stopped_coming'),
  participantRecord: (participant: ParticipantId) => call('participant_record', { participant }),
  saveSubjectAccess: (participant: ParticipantId) => call('save_subject_access', { participant }),
  saveSubjectAccessJson: (participant: ParticipantId) => call('save_subject_access_json', { participant }),
  staffRoles: () => call('staff_roles'),
  demographicChoices: () => call('demographic_choices'),
  buddySessions: (activity: ActivityId) => call('buddy_sessions', { activity }),
  chooseBuddy: (request: BuddyRequest) => call('choose_buddy', { request }),
  dropBuddy: (participant: ParticipantId, activity: ActivityId) => call('drop_buddy', { participant, activity }),
  outcomeInstruments: () => call('outcome_instruments'),
  savePaperForm: () => call('save_paper_form'),
  recordOutcome: (outcome: NewOutcome) => call('record_outcome', { outcome }),
  outcomesFor: (participant: ParticipantId) => call('outcomes_for', { participant }),
  reportPeriodsOffered: () => call('report_periods_offered'),
  reportsScreen: (from: string, to: string) => call('reports_screen', { from, to }),
  savePeriodReport: (from: string, to: string, format: ReportFormat, destination: Destination = 'print') => call('save_period_report', { from, to, format, destination }),
  saveWalkReturn: (from: string, to: string, format: ReportFormat, destination: Destination = 'print') => call('save_walk_return', { from, to, format, destination }),
  saveMinimumDataset: (from: string, to: string) => call('save_minimum_dataset', { from, to }),
  activityLog: () => call('activity_log'),
  personLog: (participant: ParticipantId) => call('person_log', { participant }),
  saveActivityLogCsv: () => call('save_activity_log_csv'),
  erasePerson: (request: ErasureRequest) => call('erase_person', { request }),
  recordAccessRequest: (participant: ParticipantId, receivedOn: string) => call('record_access_request', { participant, receivedOn }),
  extendAccessRequest: (request: AccessRequestId, to: string) => call('extend_access_request', { request, to }),
  answerAccessRequest: (request: AccessRequestId, on: string) => call('answer_access_request', { request, on }),
  accessRequests: (participant: ParticipantId) => call('access_requests', { participant }),
  openAccessRequests: () => call('open_access_requests'),
  leaveActivity: (activity: ActivityId, participant: ParticipantId) => call('leave_activity', { request: { activity, participant, on: null } }),
  chooseImportFile: () => call('choose_import_file'),
  checkImport: (request: ImportRequest) => call('check_import', { request }),
  runImport: (request: ImportRequest) => call('run_import', { request }),
  cancelImport: () => call('cancel_import'),
  listReferrers: (query = '') => call('list_referrers', { query }),
  addReferrer: (details: ReferrerDetails) => call('add_referrer', { details }),
  updateReferrer: (referrer: ReferrerId, details: ReferrerDetails) => call('update_referrer', { referrer, details }),
  mergeReferrers: (keep: ReferrerId, duplicate: ReferrerId) => call('merge_referrers', { keep, duplicate }),
  takeReferral: (request: NewReferral) => call('take_referral', { request }),
  referralList: () => call('referral_list'),
  updateReferralStatus: (referral: ReferralId, update: StatusUpdate) => call('update_referral_status', { referral, update }),
  noteReferralProgress: (referral: ReferralId, changes: string, outcome: string) => call('note_referral_progress', { referral, changes, outcome }),
  lettersDue: () => call('letters_due'),
  printDueLetters: (referrer: ReferrerId | null, to: Destination = 'print') => call('print_due_letters', { referrer, to }),
  markPrintedLettersSent: () => call('mark_printed_letters_sent'),
  letterTemplate: (kind: LetterKind) => call('letter_template', { kind }),
  letterTemplateIsTends: (kind: LetterKind) => call('letter_template_is_tends', { kind }),
  saveLetterTemplate: (kind: LetterKind, text: string) => call('save_letter_template', { kind, text }),
  resetLetterTemplate: (kind: LetterKind) => call('reset_letter_template', { kind }),
  previewLetterTemplate: (text: string) => call('preview_letter_template', { text }),
  templateParts: (text: string) => call('template_parts', { text }),
  letterTemplateVersions: (kind: LetterKind) => call('letter_template_versions', { kind }),
  restoreLetterTemplate: (kind: LetterKind, savedAt: string) => call('restore_letter_template', { kind, savedAt }),
  letterPlaceholders: () => call('letter_placeholders'),
  privacyNoticeTemplate: () => call('privacy_notice_template'),
  savePrivacyNoticeTemplate: (text: string) => call('save_privacy_notice_template', { text }),
  resetPrivacyNoticeTemplate: () => call('reset_privacy_notice_template'),
  previewPrivacyNotice: (text: string) => call('preview_privacy_notice', { text }),
  savePrivacyNotice: () => call('save_privacy_notice'),
  retentionReview: () => call('retention_review'),
  confirmRetention: (schedule: RetentionSchedule) => call('confirm_retention', { schedule }),
  keepPastRetention: (participant: ParticipantId, reason: string) => call('keep_past_retention', { participant, reason }),
  participantLetters: (participant: ParticipantId) => call('participant_letters', { participant }),
  reprintLetter: (letter: LetterId) => call('reprint_letter', { letter }),
  listVolunteers: () => call('list_volunteers'),
  usualDbsRecheck: (seenOn: string) => call('usual_dbs_recheck', { seenOn }),
  volunteerSafetyWarnings: (details: VolunteerDetails) => call('volunteer_safety_warnings', { details }),
  addVolunteer: (details: VolunteerDetails) => call('add_volunteer', { details }),
  updateVolunteer: (volunteer: VolunteerId, details: VolunteerDetails) => call('update_volunteer', { volunteer, details }),
  archiveVolunteer: (volunteer: VolunteerId, archived: boolean) => call('archive_volunteer', { volunteer, archived }),
  updateRole: (role: Role) => call('update_role', { role }),
  rotaMonth: (month: string) => call('rota_month', { month }),
  rotaCandidates: (session: SessionId, role: RoleId) => call('rota_candidates', { session, role }),
  assignVolunteer: (request: Assignment) => call('assign_volunteer', { request }),
  unassignVolunteer: (session: SessionId, assignment: RotaAssignmentId) => call('unassign_volunteer', { session, assignment }),
  fillGaps: (from: string, to: string) => call('fill_gaps', { from, to }),
  applyGapProposal: (accepted: ProposedAssignment[]) => call('apply_gap_proposal', { accepted }),
  rotaThisWeek: () => call('rota_this_week'),
  saveRotaPdf: (month: string, to: Destination = 'print') => call('save_rota_pdf', { month, to }),
  saveVolunteerCalendar: (volunteer: VolunteerId) => call('save_volunteer_calendar', { volunteer }),
  homeAlerts: () => call('home_alerts'),
};
