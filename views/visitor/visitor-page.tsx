import type { CountryOption } from '../../src/shared/countries.ts';
import type { ContactErrors } from '../../src/visitors/contact-rules.ts';
import { ChatPanel } from './chat-panel.tsx';
import { ContactForm, type ContactFormValues } from './contact-form.tsx';
import { type VisitorBrand, VisitorDocument } from './visitor-document.tsx';
import { visitorIds } from './visitor-dom-ids.ts';

export interface VisitorPageProject {
  id: string;
  slug: string;
  title: string;
  subtitle: string;
  welcomeHeading: string;
  welcomeMessage: string;
  formHeading: string;
  formDescription: string;
}

export interface VisitorPageProps {
  project: VisitorPageProject;
  brand: VisitorBrand;
  assets: {
    css: string;
    noscriptCss: string;
    formJs: string;
    chatJs: string;
    sw: string;
    phoneRulesJs?: string;
  };
  /** The visitor's open or last conversation, when their cookie token is valid (no form then). */
  conversation: { id: string; status: string } | undefined;
  form: {
    values: ContactFormValues;
    errors: ContactErrors;
    countries: readonly CountryOption[];
    landingUrl: string;
    referrer: string;
  };
  /** Embed mode, the widget's frame (WID-1): no page header; the frame's own script and styles. */
  embed?: { hostOrigin: string; css: string; js: string } | undefined;
}

/** `/p/{slug}` (VIS-1): the project's header, its welcome, then the lead form or the chat. */
export function VisitorPage({ project, brand, assets, conversation, form, embed }: VisitorPageProps) {
  const chatting = conversation !== undefined;
  const pageScripts = chatting ? [assets.chatJs] : [assets.formJs, assets.chatJs];
  return (
    <VisitorDocument
      brand={brand}
      title={project.title}
      description={project.subtitle}
      cssUrl={assets.css}
      moreCss={embed ? [embed.css] : []}
      scripts={embed ? [embed.js] : pageScripts}
      bodyAttrs={{
        ...(embed ? { 'data-embed-host': embed.hostOrigin } : {}),
        'data-project-id': project.id,
        'data-slug': project.slug,
        'data-state': chatting ? 'chat' : 'form',
        'data-sw': assets.sw,
        'data-uploads': '1',
        ...(embed || chatting || !assets.phoneRulesJs ? {} : { 'data-phone-rules': assets.phoneRulesJs }),
        ...(conversation
          ? { 'data-conversation-id': conversation.id, 'data-status': conversation.status }
          : {}),
      }}
    >
      {embed ? null : <VisitorHeader project={project} brand={brand} />}
      <main id="main" class={chatting ? 'vp-main vp-main-chat' : 'vp-main'}>
        <section class="vp-welcome" aria-labelledby="welcome-heading" hidden={chatting}>
          <h2 id="welcome-heading">{project.welcomeHeading || 'Welcome'}</h2>
          {project.welcomeMessage ? <p>{project.welcomeMessage}</p> : null}
        </section>
        <section id={visitorIds.contactSection} hidden={chatting}>
          <ContactForm
            slug={project.slug}
            heading={project.formHeading}
            description={project.formDescription}
            noscriptCssUrl={assets.noscriptCss}
            {...form}
          />
        </section>
        <ChatPanel hidden={!chatting} />
      </main>
    </VisitorDocument>
  );
}

function VisitorHeader({ project, brand }: Pick<VisitorPageProps, 'project' | 'brand'>) {
  return (
    <header class="vp-header">
      <img class="vp-logo" src={brand.iconUrl} alt="" width="40" height="40" />
      <div class="vp-heading">
        <h1>{project.title}</h1>
        {project.subtitle ? <p>{project.subtitle}</p> : null}
      </div>
      <button type="button" id={visitorIds.installButton} class="vp-install" hidden>
        Install
      </button>
    </header>
  );
}
