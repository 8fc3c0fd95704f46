import type { ImportField } from './lead-import.ts';

/**
 * Header texts that mean each importable field, compared after `headerKey` (accents, case, spaces,
 * punctuation and a BOM removed), so "E-mail", "e_mail" and "EMAIL " are one entry. Covers what
 * Excel sheets, Google Forms ("Timestamp"), Facebook lead ads (full_name, phone_number,
 * created_time) and a few Spanish/French/Portuguese/German exports put in row 1. Order matters:
 * a header goes to the first field that lists it.
 */
export const COLUMN_SYNONYMS: Record<ImportField, readonly string[]> = {
  name: [
    'name',
    'full name',
    'contact name',
    'customer name',
    'client name',
    'lead name',
    'your name',
    'nombre',
    'nom',
    'nome',
  ],
  firstName: ['first name', 'given name', 'fname', 'forename', 'prenom', 'vorname'],
  lastName: ['last name', 'surname', 'family name', 'lname', 'apellido', 'nachname'],
  phone: [
    'phone',
    'phone number',
    'phone no',
    'mobile',
    'mobile number',
    'mobile no',
    'mobile phone',
    'cell',
    'cell phone',
    'cellphone',
    'telephone',
    'tel',
    'whatsapp',
    'whatsapp number',
    'contact number',
    'telefono',
    'telefone',
    'handy',
    'handynummer',
    'telefon',
    'telefonnummer',
    'mobil',
    'celular',
    'movil',
  ],
  email: ['email', 'email address', 'mail', 'correo', 'correo electronico', 'courriel', 'your email'],
  stage: ['stage', 'lead stage', 'status', 'lead status', 'pipeline stage'],
  followUpOn: ['follow up', 'follow up date', 'follow up on', 'next follow up', 'callback date'],
  remark: ['remark', 'remarks', 'final remark'],
  note: ['note', 'notes', 'notiz', 'comment', 'comments', 'message', 'your message', 'description'],
  utmSource: ['utm source', 'source', 'lead source'],
  utmMedium: ['utm medium', 'medium'],
  utmCampaign: ['utm campaign', 'campaign', 'campaign name'],
  utmTerm: ['utm term', 'term', 'keyword'],
  utmContent: ['utm content', 'content'],
  gclid: ['gclid', 'google click id'],
  fbclid: ['fbclid', 'facebook click id'],
  pageUrl: ['page url', 'url', 'landing page', 'landing page url', 'page', 'form url', 'source url'],
  externalId: ['id', 'external id', 'lead id', 'record id', 'reference'],
  submittedAt: ['timestamp', 'submitted at', 'submission date', 'created at', 'created time', 'date'],
};

/** Words that make an unmatched header a phone or email column ("Customer mobile (WhatsApp)"). */
export const CONTACT_KEYWORDS: Partial<Record<ImportField, readonly string[]>> = {
  phone: ['phone', 'mobile', 'whatsapp', 'telephone'],
  email: ['email'],
};
