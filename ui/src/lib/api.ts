// The only module that talks to the desktop host. Everything else calls
// these functions, so tests can swap the host for a fake one.
import { invoke } from '@tauri-apps/api/core';
import type { Activity } from './bindings/Activity';
import type { ActivityDetails } from './bindings/ActivityDetails';
import type { AppStatus } from './bindings/AppStatus';
import type { AttendanceMark } from './bindings/AttendanceMark';
import type { CommandError } from './bindings/CommandError';
import type { GenerateSessions } from './bindings/GenerateSessions';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportRequest } from './bindings/ImportRequest';
import type { MoveSession } from './bindings/MoveSession';
import type { ParticipantRecord } from './bindings/ParticipantRecord';
import type { DueLetter } from './bindings/DueLetter';
import type { LetterKind } from './bindings/LetterKind';
import type { LetterSummary } from './bindings/LetterSummary';
import type { NewReferral } from './bindings/NewReferral';
import type { ParticipantDetails } from './bindings/ParticipantDetails';
import type { PrintedLetters } from './bindings/PrintedLetters';
import type { Referral } from './bindings/Referral';
import type { ReferralSummary } from './bindings/ReferralSummary';
import type { Referrer } from './bindings/Referrer';
import type { ReferrerDetails } from './bindings/ReferrerDetails';
import type { Role } from './bindings/Role';
import type { StatusUpdate } from './bindings/StatusUpdate';
import type { Settings } from './bindings/Settings';
import type { StoppedComing } from './bindings/StoppedComing';
import type { Mark } from './bindings/Mark';
import type { NewParticipant } from './bindings/NewParticipant';
import type { Organisation } from './bindings/Organisation';
import type { RegisterRequest } from './bindings/RegisterRequest';
import type { Participant } from './bindings/Participant';
import type { Session } from './bindings/Session';
import type { SessionRegister } from './bindings/SessionRegister';
import type { SessionSummary } from './bindings/SessionSummary';
import type { Assignment } from './bindings/Assignment';
import type { Candidate } from './bindings/Candidate';
import type { GapProposal } from './bindings/GapProposal';
import type { HomeAlerts } from './bindings/HomeAlerts';
import type { ProposedAssignment } from './bindings/ProposedAssignment';
import type { RotaAssignment } from './bindings/RotaAssignment';
import type { RotaPeriod } from './bindings/RotaPeriod';
import type { Volunteer } from './bindings/Volunteer';
import type { VolunteerDetails } from './bindings/VolunteerDetails';
import type { ConsentChange } from './bindings/ConsentChange';
import type { LookAlike } from './bindings/LookAlike';
import type { MarksAllowed } from './bindings/MarksAllowed';
import type { MergeReport } from './bindings/MergeReport';
import type { PeoplePage } from './bindings/PeoplePage';
import type { WalkIn } from './bindings/WalkIn';
import type { BackupMade } from './bindings/BackupMade';
import type { BackupStatus } from './bindings/BackupStatus';
import type { EncryptionStatus } from './bindings/EncryptionStatus';

export type ApiError = CommandError;

/** Whatever the host threw, as `{code, message, field?}` in plain words. */
export function toApiError(error: unknown): ApiError {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const { code, message, field } = error as ApiError;
    return field ? { code: String(code), message: String(message), field } : { code: String(code), message: String(message) };
  }
  if (typeof error === 'string') {
    return { code: 'invalid_request', message: `Tend could not do that: ${error}` };
  }
  return { code: 'unknown', message: 'Something went wrong. Please try again, and tell us if it happens again.' };
}

export function isApiError(value: unknown): value is ApiError {
  return !!value && typeof value === 'object' && 'code' in value && 'message' in value;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toApiError(error);
  }
}

export const api = {
  appStatus: () => call<AppStatus>('app_status'),
  backupStatus: () => call<BackupStatus>('backup_status'),
  backUpNow: () => call<BackupMade | null>('back_up_now'),
  chooseBackup: () => call<BackupMade | null>('choose_backup'),
  newestAutomaticBackup: () => call<BackupMade | null>('newest_automatic_backup'),
  restoreChosenBackup: () => call<BackupMade>('restore_chosen_backup'),
  openChosenBackup: (secret: string, recovery: boolean) => call<BackupMade>('open_chosen_backup', { secret, recovery }),
  restoreProgress: () => call<[number, number] | null>('restore_progress'),
  encryptionStatus: () => call<EncryptionStatus>('encryption_status'),
  unlock: (secret: string, recovery: boolean) => call<null>('unlock', { secret, recovery }),
  planEncryption: (passphrase: string, again: string) => call<EncryptionStatus>('plan_encryption', { passphrase, again }),
  saveEmergencySheet: () => call<string | null>('save_emergency_sheet'),
  finishEncryption: (typed: string) => call<EncryptionStatus>('finish_encryption', { typed }),
  cancelEncryption: () => call<EncryptionStatus>('cancel_encryption'),
  changePassphrase: (current: string, passphrase: string, again: string) => call<null>('change_passphrase', { current, passphrase, again }),
  getOrganisation: () => call<Organisation | null>('get_organisation'),
  saveOrganisation: (organisation: Organisation) => call<Organisation>('save_organisation', { organisation }),
  chooseLogo: () => call<Organisation | null>('choose_logo'),
  removeLogo: () => call<Organisation>('remove_logo'),
  loadDemo: () => call<null>('load_demo'),
  listActivities: () => call<Activity[]>('list_activities'),
  createActivity: (details: ActivityDetails) => call<Activity>('create_activity', { details }),
  generateSessions: (request: GenerateSessions) => call<Session[]>('generate_sessions', { request }),
  listSessions: (activity: string) => call<Session[]>('list_sessions', { activity }),
  sessionsAroundToday: () => call<SessionSummary[]>('sessions_around_today'),
  peoplePage: (find: string, offset = 0, limit = 50) => call<PeoplePage>('people_page', { query: { find, offset, limit } }),
  lookAlikes: (details: ParticipantDetails, except: string | null = null) => call<LookAlike[]>('look_alikes', { query: { details, except } }),
  getParticipant: (id: string) => call<Participant>('get_participant', { id }),
  updateParticipant: (id: string, details: ParticipantDetails) => call<Participant>('update_participant', { request: { id, details } }),
  changeConsent: (id: string, change: ConsentChange) => call<Participant>('change_consent', { id, change }),
  mergePeople: (keep: string, other: string, details: ParticipantDetails) => call<MergeReport>('merge_people', { request: { keep, other, details } }),
  leaveDemo: () => call<null>('leave_demo'),
  findInSession: (session: string, query: string) => call<string[]>('find_in_session', { session, query }),
  marksAllowed: (session: string) => call<MarksAllowed>('marks_allowed', { session }),
  reinstateSession: (session: string) => call<Session>('reinstate_session', { session }),
  addParticipant: (request: NewParticipant) => call<Participant>('add_participant', { request }),
  enrol: (activity: string, participant: string, on: string) => call<null>('enrol', { request: { activity, participant, on } }),
  sessionRegister: (session: string) => call<SessionRegister>('session_register', { session }),
  recordAttendance: (session: string, participant: string, mark: Mark | null) =>
    call<AttendanceMark | null>('record_attendance', { request: { session, participant, mark } }),
  addWalkIn: (session: string, who: WalkIn) => call<AttendanceMark>('add_walk_in', { request: { session, who } }),
  saveSignInSheet: (session: string) => call<string | null>('save_sign_in_sheet', { session }),
  saveRegister: (request: RegisterRequest) => call<string | null>('save_register', { request }),
  cancelSession: (session: string, reason: string) => call<Session>('cancel_session', { request: { session, reason } }),
  listRoles: () => call<Role[]>('list_roles'),
  addRole: (name: string) => call<Role>('add_role', { name }),
  updateActivity: (activity: string, details: ActivityDetails) => call<Activity>('update_activity', { activity, details }),
  moveSession: (request: MoveSession) => call<Session>('move_session', { request }),
  sessionsBetween: (from: string, to: string) => call<SessionSummary[]>('sessions_between', { range: { from, to } }),
  getSettings: () => call<Settings>('get_settings'),
  saveSettings: (settings: Settings) => call<Settings>('save_settings', { settings }),
  stoppedComing: () => call<StoppedComing[]>('stopped_coming'),
  participantRecord: (participant: string) => call<ParticipantRecord>('participant_record', { participant }),
  leaveActivity: (activity: string, participant: string) => call<null>('leave_activity', { request: { activity, participant, on: null } }),
  chooseImportFile: () => call<ImportPreview | null>('choose_import_file'),
  checkImport: (request: ImportRequest) => call<ImportReport>('check_import', { request }),
  runImport: (request: ImportRequest) => call<ImportReport>('run_import', { request }),
  cancelImport: () => call<null>('cancel_import'),
  listReferrers: (query = '') => call<Referrer[]>('list_referrers', { query }),
  addReferrer: (details: ReferrerDetails) => call<Referrer>('add_referrer', { details }),
  updateReferrer: (referrer: string, details: ReferrerDetails) => call<Referrer>('update_referrer', { referrer, details }),
  mergeReferrers: (keep: string, duplicate: string) => call<Referrer>('merge_referrers', { keep, duplicate }),
  takeReferral: (request: NewReferral) => call<Referral>('take_referral', { request }),
  referralList: () => call<ReferralSummary[]>('referral_list'),
  updateReferralStatus: (referral: string, update: StatusUpdate) => call<Referral>('update_referral_status', { referral, update }),
  noteReferralProgress: (referral: string, changes: string, outcome: string) => call<Referral>('note_referral_progress', { referral, changes, outcome }),
  lettersDue: () => call<DueLetter[]>('letters_due'),
  printDueLetters: (referrer: string | null) => call<PrintedLetters | null>('print_due_letters', { referrer }),
  markPrintedLettersSent: () => call<number>('mark_printed_letters_sent'),
  letterTemplate: (kind: LetterKind) => call<string>('letter_template', { kind }),
  saveLetterTemplate: (kind: LetterKind, text: string) => call<null>('save_letter_template', { kind, text }),
  resetLetterTemplate: (kind: LetterKind) => call<string>('reset_letter_template', { kind }),
  previewLetterTemplate: (text: string) => call<string>('preview_letter_template', { text }),
  participantLetters: (participant: string) => call<LetterSummary[]>('participant_letters', { participant }),
  reprintLetter: (letter: string) => call<string | null>('reprint_letter', { letter }),
  listVolunteers: () => call<Volunteer[]>('list_volunteers'),
  addVolunteer: (details: VolunteerDetails) => call<Volunteer>('add_volunteer', { details }),
  updateVolunteer: (volunteer: string, details: VolunteerDetails) => call<Volunteer>('update_volunteer', { volunteer, details }),
  archiveVolunteer: (volunteer: string, archived: boolean) => call<Volunteer>('archive_volunteer', { volunteer, archived }),
  updateRole: (role: Role) => call<Role>('update_role', { role }),
  rotaMonth: (month: string) => call<RotaPeriod>('rota_month', { month }),
  rotaCandidates: (session: string, role: string) => call<Candidate[]>('rota_candidates', { session, role }),
  assignVolunteer: (request: Assignment) => call<RotaAssignment>('assign_volunteer', { request }),
  unassignVolunteer: (session: string, assignment: string) => call<null>('unassign_volunteer', { session, assignment }),
  fillGaps: (from: string, to: string) => call<GapProposal>('fill_gaps', { from, to }),
  applyGapProposal: (accepted: ProposedAssignment[]) => call<number>('apply_gap_proposal', { accepted }),
  rotaThisWeek: () => call<string>('rota_this_week'),
  saveRotaPdf: (month: string) => call<string | null>('save_rota_pdf', { month }),
  saveVolunteerCalendar: (volunteer: string) => call<string | null>('save_volunteer_calendar', { volunteer }),
  homeAlerts: () => call<HomeAlerts>('home_alerts'),
};
