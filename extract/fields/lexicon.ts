/**
 * Word lists the classifiers use: job-role words, organisation words, countries, interface labels,
 * and common words that a person's name is unlikely to be made of. Generic vocabulary only (several
 * languages), never a site's own wording. All entries are lower-case and diacritic-folded.
 */

function set(words: string): Set<string> {
  return new Set(words.split(/\s+/).filter(Boolean));
}

/** Words that by themselves make a line a job title ("Head of Engineering", "PhD Researcher"). */
export const STRONG_ROLE_WORDS = set(`
  ceo cto cfo coo cmo cio cso cpo cdo ciso vp svp evp avp md
  president vicepresident chair chairman chairwoman chairperson cochair co-chair chief officer
  director directors manager head lead leader founder cofounder co-founder owner principal
  engineer engineers developer developers programmer designer architect scientist researcher
  analyst consultant advisor adviser specialist coordinator administrator editor writer author
  journalist reporter producer strategist marketer accountant attorney lawyer counsel paralegal
  professor prof lecturer instructor teacher tutor ta gsi reader fellow postdoc postdoctoral
  student candidate intern trainee apprentice undergraduate doctoral dean provost chancellor rector
  secretary treasurer trustee ambassador evangelist advocate organizer organiser volunteer coach
  mentor trainer facilitator liaison representative executive supervisor superintendent technician
  nurse physician surgeon clinician therapist psychologist pharmacist dentist veterinarian curator
  librarian archivist photographer artist illustrator animator composer musician host moderator
  presenter keynote panelist emeritus adjunct maintainer contributor committer steward recruiter
  partner associate assistant investigator pi co-pi scholar economist statistician mathematician
  physicist chemist biologist geologist historian sociologist linguist philosopher epidemiologist
  hacker entrepreneur cofondateur officier consultante integrator operator inspector auditor
  controller planner buyer agent broker clerk receptionist technologist generalist envoy delegate
  commissioner councillor councilor senator mayor governor minister registrar bursar comptroller
  actuary underwriter surveyor machinist electrician mechanic barista nanny caregiver counselor
  counsellor examiner proctor headmaster headteacher vicar pastor priest rabbi imam chaplain
  copywriter copyeditor proofreader interpreter modeler modeller coder tester lecturers
  instructors researchers scientists fellows students interns volunteers advisors ambassadors
  directeur directrice developpeur developpeuse ingenieur ingenieure responsable president presidente
  fondateur fondatrice chercheur chercheuse enseignant enseignante doctorant doctorante etudiant
  etudiante gerant gerante stagiaire charge chargee conseiller conseillere maitre
  leiter leiterin geschaftsfuhrer geschaftsfuhrerin entwickler entwicklerin berater beraterin
  professorin wissenschaftler wissenschaftlerin mitarbeiter mitarbeiterin vorstand grunder grunderin
  inhaber inhaberin referent referentin
  directora desarrollador desarrolladora ingeniero ingeniera investigador investigadora profesora
  fundador fundadora gerente jefe jefa coordinador coordinadora diretor diretora pesquisador
  pesquisadora professore professoressa ricercatore ricercatrice sviluppatore responsabile
  oprichter onderzoeker hoogleraar promovendus medewerker adviseur ontwikkelaar docent
  prezes dyrektor kierownik programista zalozyciel specjalista
  phd dr
`);

/** Words that support a title reading but also occur in organisation names ("Research Institute"). */
export const WEAK_ROLE_WORDS = set(`
  senior junior staff research support product program programme project operations ops devops sre
  qa sales marketing finance legal community communications success talent hr people design
  graduate member board faculty visiting affiliate deputy acting interim general executive
  technical software data security infrastructure full-stack fullstack frontend front-end backend
  back-end mobile web cloud platform growth content brand creative digital
`);

/** Words that make a line an organisation ("University of Chicago", "Acme Inc."). */
export const ORG_WORDS = set(`
  university universitat universite universidad universidade universita universiteit uniwersytet
  college institute institut instituto istituto school ecole escuela hochschule hogeschool academy
  akademie academie inc incorporated llc llp ltd limited gmbh ag sa sas sarl srl bv nv plc pty
  corp corporation company co companies foundation fondation stiftung fundacion association
  associacao society societe laboratory laboratories laboratoire lab labs center centre zentrum
  centro department departement dept faculty hospital clinic ministry agency agence council
  commission committee bank group gruppe groupe partners consulting solutions technologies
  technology systems software studio studios press media network networks organization
  organisation org services service industries international national federal government
  gouvernement museum library observatory consortium alliance initiative project trust fund
  collective cooperative union federation conference foundation capital ventures holdings
  enterprises global health research sciences
`);

/** Lines that are interface labels, never a name, title or company. */
export const UI_LABELS = new Set([
  'read more',
  'more',
  'learn more',
  'see more',
  'view more',
  'show more',
  'view profile',
  'see profile',
  'full profile',
  'profile',
  'bio',
  'biography',
  'website',
  'web site',
  'homepage',
  'home page',
  'personal website',
  'email',
  'e-mail',
  'mail',
  'contact',
  'contact me',
  'send email',
  'phone',
  'tel',
  'twitter',
  'linkedin',
  'github',
  'facebook',
  'instagram',
  'youtube',
  'mastodon',
  'google scholar',
  'scholar',
  'orcid',
  'cv',
  'resume',
  'details',
  'more info',
  'info',
  'follow',
  'connect',
  'close',
  'open',
  'back',
  'next',
  'previous',
  'share',
  'en savoir plus',
  'lire la suite',
  'voir le profil',
  'mehr',
  'weiterlesen',
  'mehr erfahren',
  'leer mas',
  'ver mas',
  'czytaj wiecej',
  'wiecej',
]);

/** English names of countries, for a location line ("Netherlands", "United States"). */
export const COUNTRIES = new Set(
  `afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|azerbaijan|bahamas|bahrain|
  bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia and herzegovina|botswana|brazil|
  brunei|bulgaria|burkina faso|burundi|cambodia|cameroon|canada|cape verde|chad|chile|china|colombia|
  congo|costa rica|croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|dominican republic|ecuador|
  egypt|el salvador|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|georgia|germany|ghana|
  greece|guatemala|guinea|guyana|haiti|honduras|hong kong|hungary|iceland|india|indonesia|iran|iraq|
  ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kosovo|kuwait|kyrgyzstan|laos|
  latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|madagascar|malawi|malaysia|
  maldives|mali|malta|mauritania|mauritius|mexico|moldova|monaco|mongolia|montenegro|morocco|mozambique|
  myanmar|namibia|nepal|netherlands|the netherlands|new zealand|nicaragua|niger|nigeria|north macedonia|
  norway|oman|pakistan|palestine|panama|papua new guinea|paraguay|peru|philippines|poland|portugal|
  puerto rico|qatar|romania|russia|rwanda|saudi arabia|senegal|serbia|singapore|slovakia|slovenia|
  somalia|south africa|south korea|korea|spain|sri lanka|sudan|suriname|sweden|switzerland|syria|taiwan|
  tajikistan|tanzania|thailand|togo|trinidad and tobago|tunisia|turkey|turkiye|turkmenistan|uganda|
  ukraine|united arab emirates|uae|united kingdom|uk|england|scotland|wales|northern ireland|
  united states|united states of america|usa|us|uruguay|uzbekistan|venezuela|vietnam|viet nam|yemen|
  zambia|zimbabwe|deutschland|belgique|belgie|nederland|espana|italia|suisse|schweiz|osterreich|polska|
  brasil|mexique|allemagne|espagne|italie|royaume-uni|etats-unis`
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean),
);

/** Name particles written in lower case inside a name ("Ludwig van Beethoven", "Sanne 't Hooft"). */
export const NAME_PARTICLES = set(`
  van von de der den del della delle di da do dos das du la le les y e i bin binti ibn bint al el af
  av zu ter ten te 't d' l' st st. mc mac vander vande ben ap ver op het
`);

/** Honorifics written before a name; ignored when judging it. */
export const HONORIFICS = set(`
  dr dr. prof prof. professor mr mr. mrs mrs. ms ms. mx mx. miss sir dame lord lady rev rev. fr fr.
  mme mme. mlle m. herr frau sr sr. sra sra. dott dott. ing ing. dipl dipl.-ing. mag mag. hon hon.
  assoc assoc. asst asst. emer. em.
`);

/**
 * Common words of headings, menus and page text that a person's name is rarely made of. Words that
 * are also frequent given names or surnames (Will, Mark, Rose, Young, King, Green...) are left out.
 */
export const COMMON_WORDS = set(`
  a an the and or of for to in on at by with from into over about as is are be our your my their
  his her its this that these those we you they it all any each every new old more most other some
  such no not only own same so than too very can will just one two three first last next
  home about contact contacts blog news events event team teams people staff members member
  speakers speaker authors author organizers organisers committee board alumni faculty partners
  sponsors sponsor jobs careers career services service products product solutions solution pricing
  docs documentation guide guides tutorial tutorials resources resource community support help faq
  login logout sign signup register account search menu overview introduction started getting
  download downloads install installation settings configuration reference api apis release
  releases notes changelog roadmap privacy policy terms cookies legal imprint impressum copyright
  rights reserved site map sitemap page pages post posts article articles archive archives
  category categories tag tags topics topic latest featured popular recent related previous
  share follow subscribe newsletter donate shop store cart checkout order orders view views
  open science data pool federation consortium network networks publications publication
  research projects project program programs programme schedule calendar agenda sessions session
  talks talk workshop workshops conference conferences summit meetup call papers paper submission
  submissions proceedings awards award prize registration tickets ticket venue location travel
  hotel hotels accommodation visa code conduct diversity inclusion sponsorship exhibition gallery
  photos photo videos video media press kit brand logo logos
  group groups lab labs center centre institute university school college department office
  company foundation association society council organization organisation initiative
  management leadership executive engineering design marketing sales operations finance
  development developer developers engineer engineers user users customer customers client clients
  partner education training learning course courses class classes lecture lectures students
  student teaching assistant assistants readers reader tutors tutor instructors instructor
  history mission vision values story culture work working why how what who where when
  welcome hello thanks thank world global international national local public private free
  open source software hardware cloud platform platforms tools tool system systems network
  security infrastructure computing computer computers digital online internet web mobile app apps
  information technology technologies business economics policy health medical life climate
  energy environment nature art arts culture music film sports game games play
  collaborate collaboration collaborations partnership partnerships campus campuses spotlight
  acknowledging acknowledgements acknowledgments credits credit funding funded support supporting
  boxes box nodes node shell transactions transaction workspace overview quickstart commands command
  contracts contract abstractions testing tests test debugging deploying deployment migrating
  running writing using building build builds create creating managing manage advanced basic
  basics intro getting started tips tricks examples example samples sample demo demos
  monday tuesday wednesday thursday friday saturday sunday january february march april june
  july august september october november december today tomorrow yesterday week weeks month months
  year years day days time times hour hours morning afternoon evening night
  north south east west central upper lower
  ltd inc llc gmbh corp
  accueil equipe membres contact propos actualites evenements recherche publications projets
  startseite uber uns kontakt team mitglieder aktuelles veranstaltungen forschung
  inicio equipo nosotros contacto noticias eventos investigacion
  strona glowna kontakt zespol
  you me us him them vous toi moi nous eux sie ihr ich wir du tu usted ustedes nosotros jij jullie wij
  ty wy my voi noi
  tba tbd tbc anonymous guest guests someone somebody nobody everyone anyone vacant vacancy hiring
  placeholder unknown various
`);

/** Month names (English, French, German, Spanish), for rejecting dates as names. */
export const MONTHS = set(`
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
  januar februar marz juni juli oktober dezember
  enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
`);
