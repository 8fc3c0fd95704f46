/** A project as the consoles and pages use it (PROJ-1); secrets of TRACK-3 stay out. */
export interface Project {
  id: string;
  slug: string;
  name: string;
  title: string;
  subtitle: string;
  accentColor: string;
  headerColor: string;
  welcomeHeading: string;
  welcomeMessage: string;
  formHeading: string;
  formDescription: string;
  /** The phone country the lead form starts on; null = guessed per visitor (geo, then language). */
  defaultCountry: string | null;
  iconUrl: string | null;
  widgetPosition: string;
  aiInstructions: string | null;
  isDefault: boolean;
  updatedAt: string;
}

/** What the project form edits. */
export type ProjectFields = Omit<Project, 'id' | 'isDefault' | 'updatedAt'>;
