"""Authoring source of nlp/patterns/{common,es,en,pt}.jsonl (regexes on folded text).

Run ``python nlp/patterns/src/build.py`` after editing; the JSONL files are
what the pipeline reads. Text is folded first (lower case, no accents, no
emoji), so write patterns without accents. Each regex is matched between
non-word boundaries. ``veto`` patterns cancel overlapping matches.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def near(a, b, n=5):
    """``a`` then ``b`` (or ``b`` then ``a``) with at most ``n`` words between."""
    # Gaps never cross a sentence end: "... 3 quartos. Paga R$ 150" is two facts.
    gap = r"(?:[^\w.!?\n]+\w+){0,%d}?[^\w.!?\n]+" % n
    return rf"(?:{a}){gap}(?:{b})|(?:{b}){gap}(?:{a})"


ES = {
"age_targeting": [r"jovenes", r"joven(?:es)? (?:de|entre|con|sin|que|mujeres|hombres)", r"chicas? jovenes", r"muchachas? jovenes", r"chavas", r"jovencitas?"],
"gender_appearance": [r"chicas?", r"mujeres", r"senoritas?", r"senoras?", r"damas", r"muchachas?", r"nenas", r"morras", r"hombres", r"varones",
    r"caballeros? fuertes?", r"solo (?:mujeres|hombres|chicas|damas)", r"interesadas", r"extrovertidas?", r"desinhibidas?", r"bonitas?", r"atractiv[ao]s?",
    r"lindas?", r"guapas?", r"hermosas?", r"sexys?", r"delgadas?", r"buena (?:presencia|apariencia|figura|imagen)", r"buen (?:fisico|cuerpo)",
    r"cuid(?:ar|e|es|a) (?:tu|su) (?:figura|cuerpo|imagen)", r"medidas", r"estatura", r"sin tatuajes", r"fuertes?", r"agraciad[ao]s?",
    r"bien parecid[ao]s?", r"ojos claros", r"femenina", r"cuerpo (?:atletico|bonito|esbelto)", r"figura", r"talla \d+", r"edecanes", r"edecan",
    r"hostess", r"meseras", r"bailarinas?", r"acompanantes?", r"masajistas?", r"modelos?"],
"photo_request": [r"(?:envi|mand|adjunt|compart|sub)\w*(?: \w+){0,6} (?:fotos?|selfies?|videos?|book|fotografias?)", r"fotos? (?:de cuerpo|cuerpo completo|de frente|de perfil|en (?:traje de bano|bikini|ropa interior|lenceria)|recientes?|actual)",
    r"(?:hoja de vida|cv|curriculum) con foto", r"con fotos?", r"fotos? (?:de )?(?:rostro|cara)", r"\d+ fotos?", r"fotos? sin (?:filtro|maquillaje)"],
"travel_paid": [r"(?:viajes?|pasajes?|tiquetes?|boletos?|vuelos?|traslados?|pasaje aereo|boleto de avion|tiquete aereo|transporte) (?:\w+ ){0,2}(?:pagad[oa]s?|gratis|incluid[oa]s?|cubiert[oa]s?|todo pago|por cuenta de la empresa|sin costo|financiad[oa]s?)",
    r"(?:pagamos|cubrimos|te pagamos|costeamos|financiamos|adelantamos|te damos|incluye|ponemos|compramos|te compramos|te prestamos|paga|cubre|pone|compra|nos encargamos de)(?: \w+){0,3} (?:viaje|pasajes?|tiquetes?|boletos?|vuelos?|traslado|pasaje aereo|ticket)",
    r"todo pago", r"gastos de viaje", r"pasamos por (?:ti|ustedes)", r"te (?:recogemos|esperamos) en (?:la )?(?:central|terminal|aeropuerto)", r"(?:vuelo|pasaje|tiquete|boleto)s? de ida(?: y (?:vuelta|regreso))?", r"ida y (?:vuelta|regreso)"],
"relocation_abroad": [r"(?:en el|al|del) (?:extranjero|exterior)", r"fuera del pais", r"otro pais", r"trabaj\w+ (?:en|para) (?:europa|asia|estados unidos|eeuu|medio oriente|el golfo|oriente)",
    r"emigrar", r"visas? (?:de trabajo|garantizad[ao]s?|incluid[ao]s?|tramitad[ao]s?|de turista|de estudiante|de artista)", r"patrocinio (?:de )?visa", r"reubicacion internacional"],
"accommodation_provided": [r"(?:alojamiento|hospedaje|vivienda|habitacion|habitaciones|cuartos?|dormitorios?|apartamento|apto|residencia|estadia|camarotes?|casa)(?: \w+){0,2} (?:incluid[oa]s?|gratis|disponibles?|pagad[oa]s?|compartid[oa]s?|sin costo|para (?:chicas|quienes|los que|las que|el personal|trabajadores)|en el lugar|en la finca|amoblad[oa]s?|con (?:otras|otros))",
    r"(?:con|ofrecemos|damos|incluye|incluido|tenemos|hay|se da|se ofrece|brindamos|te damos)(?: \w+){0,2} (?:alojamiento|hospedaje|vivienda|habitacion|cuarto|dormitorio|donde (?:vivir|quedarte|quedarse|dormir)|techo)",
    r"(?:alojamiento|hospedaje|vivienda|casa) y (?:comida|alimentacion)", r"vivir en (?:la casa|el lugar|el club|el negocio)", r"cama adentro", r"puertas adentro", r"(?:subsidio|auxilio|bono) de (?:vivienda|alojamiento)", r"vivienda (?:con el|del) (?:patron|jefe|empleador)", r"alojamiento corporativo", r"residencia del personal"],
"high_pay_low_skill": [r"(?:ganancias|ingresos|pagos|sueldos?|ganar|gana|ganes|pago) (?:\w+ ){0,2}(?:altos?|extraordinari[oa]s?|increibles?|desde casa|facil(?:es)?|rapid[oa]s?|en dolares|en euros)", r"gana(?:r|s)? (?:mucho|bien|facil|hasta|desde|dinero)", r"dinero (?:facil|rapido|extra)", r"trabajo (?:facil|sencillo|comodo)",
    r"facil y rapido", r"poco esfuerzo", r"sin esfuerzo", r"ingresos? extras?", r"(?:\d+|varios) millones (?:al|por|a la) (?:mes|semana|quincena)", r"pagos? (?:diarios|al dia|inmediatos)", r"gana(?:r)? por (?:dar|ver|calificar|escribir|hacer)", r"dar (?:likes|me gusta)", r"calificar (?:apps|aplicaciones|productos|hoteles|restaurantes)",
    r"resenas (?:pagadas|de productos)", r"(?:ver|mirar) videos", r"se tu propio jefe", r"ingresos pasivos", r"libertad financiera", r"multinivel", r"red de mercadeo", r"sin salir de (?:casa|tu casa)", r"desde (?:tu|la) casa", r"desde el celular", r"comision(?:es)? (?:altas|de hasta)"],
"no_experience": [r"(?:no|sin) (?:\w+ ){0,3}(?:experiencia|esperiencia|experencia)", r"(?:experiencia|esperiencia) no (?:necesaria|requerida|indispensable)", r"no importa (?:si no tiene|si no tienes|la) (?:experiencia)?", r"(?:te|les|los|las) (?:ensenamos|capacitamos|entrenamos)", r"nosotros te (?:ensenamos|capacitamos)",
    r"(?:el mayordomo|la casa|el club|la empresa) (?:te )?ensena", r"capacitacion (?:pagada|paga|incluida|gratis|gratuita)", r"no necesitas (?:experiencia|estudios|saber|hablar)", r"cero experiencia", r"sin (?:estudios|referencias|requisitos)", r"no (?:se )?(?:requiere|necesita|piden|pedimos) (?:estudios|titulo|ingles|referencias)", r"no importa (?:el nivel|tu nivel|si no sabes)"],
"urgency": [r"urgente", r"urge", r"urgen", r"inmediat[oa]s?", r"inmediatamente", r"ya mismo", r"hoy mismo", r"cupos (?:limitados|disponibles)", r"(?:ultimos|pocos|solo \d+|quedan \d+|ultimos \d+|solo quedan \d+) (?:cupos|vacantes|plazas|lugares|puestos)", r"viaja ya", r"salida (?:inmediata|este|esta|la proxima semana|manana)",
    r"no pierdas", r"apurate", r"date prisa", r"lo antes posible", r"cuanto antes", r"esta semana", r"esta misma semana", r"(?:sale|salimos|viajamos|el grupo sale) (?:el|la|en|este|esta)", r"ya\s?!"],
"private_contact": [r"(?:escrib|habl|contact|comunica|mand|llam|chat)\w* (?:\w+ ){0,3}(?:al |por |a mi |mi )?(?:interno|privado|inbox|dm|md|whatsapp|wha?ts?app|wpp|wsp|wasap|telegram|direct)", r"solo (?:por |al )?(?:whatsapp|wpp|wsp|interno|inbox|telegram)", r"(?:por|al) (?:interno|inbox|privado|dm|md)", r"mensaje (?:privado|directo)"],
"vague_job": [r"(?:te explico|mas informacion|mas info|detalles|informes|info)(?: \w+){0,2} (?:por|en|al) (?:privado|interno|inbox|whatsapp|dm|telegram)", r"puestos? (?:varios|a convenir)", r"varios puestos", r"trabajo (?:en el )?exterior sin", r"hacer (?:sentir bien|compania) a", r"acompanar a (?:clientes|caballeros|ejecutivos)", r"atender (?:a )?(?:clientes|caballeros) (?:vip|exclusivos)", r"trabajo (?:bien pagado|facil) en",
    r"dar (?:likes|me gusta)", r"calificar (?:apps|aplicaciones|productos)", r"tareas (?:simples|sencillas|faciles)", r"sin (?:especificar|detalles)", r"no (?:te puedo|puedo) dar (?:mas )?detalles", r"trabajo (?:de|en) (?:lo que sea|varios)", r"empleos en plataformas digitales", r"(?:recib|pas|transfer)\w+ (?:\w+ ){0,3}(?:dinero|plata|transferencias|pagos) (?:a|de) (?:otra|otras|una) cuentas?"],
"upfront_fee_or_debt": [r"(?:pago|pagar|cuota|costo|tarifa|cobro|deposito|inscripcion|tramites?|gastos?|aporte|valor)(?: (?:de|del|por|unico|inicial))* (?:la |el )?(?:inscripcion|registro|tramites?|visa|examen(?:es)?|uniformes?|capacitacion|curso|seguro|activacion|reserva|papeleria|carnet|afiliacion|apertura|cupo|estudio de seguridad)",
    r"se (?:paga|pagan|descuenta|descuentan|cobra) (?:con|del|de) (?:el |tu |su |los )?(?:primer(?:os)?|sueldo|salario|pago|pagos|quincena)", r"(?:te |le |se )?(?:descontamos|descuenta|descuentan|descontad[oa]s?|descontara)(?: \w+){0,3} (?:del?|en|con) (?:\w+ )?(?:sueldo|salario|pago|primer|quincena|nomina)",
    r"deudas?", r"prestamos?", r"(?:adelantamos|prestamos|te prestamos|financiamos)(?: \w+){0,6} (?:y|luego|despues) (?:\w+ ){0,3}(?:devuelves|pagas|nos pagas|descontamos|reembolsas|abonas)", r"(?:devuelves|pagas|nos pagas|reembolsas|abonas) (?:\w+ ){0,2}(?:poco a poco|en cuotas|con tu|del sueldo|de tu sueldo|con el primer|cuando empieces)",
    r"(?:deposit|consign|transfer|yap|nequi)\w* (?:\w+ ){0,4}(?:\$|\d|s/|usd|pesos|soles|para (?:reservar|separar|asegurar|apartar))", r"(?:separa|asegura|aparta|reserva)r? (?:tu|su) (?:cupo|lugar|vacante|puesto)", r"inversion (?:minima|inicial)", r"invertir", r"kit de (?:inicio|bienvenida)", r"membresia", r"recargas?", r"(?:pagar|pago) (?:la |el )?(?:multa|comision para)"],
"document_request": [r"(?:envi|mand|adjunt|entreg|dej|escane|compart|trae|llev)\w*(?: \w+){0,6} (?:pasaporte|cedula|ine|dni|documento de identidad|documentos|identificacion|datos bancarios|cuenta bancaria|numero de cuenta|tarjeta|clave|datos de (?:tu )?(?:banco|cuenta)|rut|curp|rfc)",
    r"(?:foto|copia|escaneo|imagen)(?: \w+){0,2} (?:de )?(?:tu |su |del |la )?(?:pasaporte|cedula|ine|dni|documento|identificacion|tarjeta)", r"(?:pasaporte|pasaportes|documentos?|papeles|cedula)(?: \w+){0,2} (?:quedan?|se queda|los guarda|lo guarda|retenemos|en custodia|guardamos|recogemos|se los quedan|lo retiene)",
    r"(?:guarda|retiene|retener|guardar|custodia|recoge|recoger|quedarse con|se queda con)(?: \w+){0,2} (?:tu|el|los|sus|su) (?:pasaporte|documentos|papeles|cedula)", r"datos bancarios"],
"secrecy_or_isolation": [r"discrecion(?: total| absoluta)?", r"discret[oa]s?", r"confidencialidad", r"confidencial", r"no (?:le )?(?:digas|cuentes|comentes)", r"sin que (?:nadie|tu familia|tus papas)", r"no (?:se permite|puedes|podras) (?:salir|usar (?:el )?(?:celular|telefono))", r"(?:celular|telefono)s? (?:retenid|guardad|recogid)\w*",
    r"sin contacto", r"aislad[oa]s?", r"reservad[oa]s?", r"total privacidad", r"privacidad", r"borra (?:este|el) mensaje", r"no (?:publicar|compartir) (?:esto|este)", r"no (?:pueden|podran) salir", r"acuerdo de confidencialidad", r"(?:entrega|entregar|dejar)(?: \w+){0,2} (?:el |tu |los )?(?:celular|telefono)s?"],
"adult_industry": [r"webcam", r"web cam", r"modelaje webcam", r"contenido (?:para adultos|adulto|erotico|sensual|exclusivo|\+18)", r"onlyfans", r"only fans", r"fotos? (?:sensuales|hot|atrevidas|subidas de tono)", r"video ?chat", r"acompanantes?", r"escorts?", r"scort", r"prepagos?",
    r"masajes? (?:erotic|tantric|con final|relajantes? para caballeros|para caballeros)\w*", r"damas de compania", r"chicas de compania", r"table ?dance", r"bailarinas? (?:exoticas?|de table)", r"striptease", r"stripper", r"club (?:nocturno|de caballeros|privado|de noche)", r"casa nocturna", r"ficheras?", r"fichar",
    r"hostess bar", r"show privado", r"sugar", r"caballeros generosos", r"servicios? (?:vip|especiales|completos)", r"clientes? (?:vip|exclusivos)", r"(?:chat|chatear) con (?:clientes|hombres|caballeros)", r"sin tabues", r"desinhibidas?", r"atrevidas?"],
"minors_ok": [r"menores de edad", r"desde (?:los )?1[4-7](?: anos)?", r"(?:1[4-7]) (?:anos|o mas)", r"no importa (?:la )?edad", r"sin limite de edad", r"mayores de 1[4-7]", r"a partir de (?:los )?1[4-7]", r"(?:con )?permiso de (?:tus|los|sus) (?:padres|papas)", r"estudiantes de (?:colegio|secundaria|bachillerato|prepa)", r"aunque seas menor", r"sin (?:documento|cedula|ine)"],
}
ES_VETO = {
"upfront_fee_or_debt": [r"(?:renta|arriendo|alquiler|alojamiento)(?:\W+\w+){0,6}?\W+se descuenta\w*(?: \w+){0,3}", r"(?:paga|cubre|asume)(?:\W+\w+){0,12}?\W+costos del proceso", r"descontad\w* en nomina", r"sin deudas?", r"(?:no|nunca|ningun|jamas) (?:\w+ ){0,4}(?:cobra|cobramos|cobran|pedimos|piden|pide|solicitamos|cobro|pago|costo|deposito|dinero)\w*(?: \w+){0,8}", r"sin costo(?: \w+){0,3}", r"gratuit[oa]s?", r"(?:todos|los) (?:los )?(?:costos|gastos)(?: \w+){0,6} (?:los )?(?:paga|asume|cubre) (?:la empresa|el empleador)",
    r"(?:costos|gastos) de (?:reclutamiento|contratacion)(?: \w+){0,6} (?:el empleador|la empresa)", r"prestamos? (?:de ley|sociales|servicios)", r"prestaciones"],
"document_request": [r"(?:nunca|no) (?:te )?(?:pedimos|pediremos|solicitamos|retenemos|guardamos|retendremos)(?: \w+){0,6}", r"(?:tu|su|el) pasaporte (?:siempre )?(?:queda|se queda) (?:contigo|con usted|en tu poder|en su poder)", r"(?:conservas|guardas|mantienes) (?:tu|el) pasaporte"],
"secrecy_or_isolation": [r"datos personales(?: \w+){0,6}", r"(?:con|de) total (?:transparencia)"],
"urgency": [r"urgencias", r"inmediato superior", r"jefe inmediato"],
"gender_appearance": [r"(?:hombres|mujeres) y (?:mujeres|hombres)", r"(?:hombres|mujeres) o (?:mujeres|hombres)"],
"travel_paid": [r"transporte (?:diario|a la planta|de ruta|a la finca|local)", r"(?:auxilio|subsidio) de transporte"],
}
EN = {
"age_targeting": [r"young (?:women|girls|ladies|men|people|latinas?|females?)", r"youngsters", r"youthful", r"girls? (?:aged|between) \d\d"],
"gender_appearance": [r"girls?", r"ladies", r"women only", r"females?", r"men only", r"(?:strong|fit) (?:men|guys|males)", r"men", r"attractive", r"beautiful", r"pretty", r"cute", r"slim", r"sexy", r"good[- ]looking", r"well[- ]presented",
    r"elegant", r"good (?:figure|body|appearance|looks)", r"height", r"measurements", r"no tattoos", r"hostess(?:es)?", r"waitresses", r"dancers?", r"models?", r"outgoing", r"strong", r"physically fit", r"nannies|nanny", r"au pairs?"],
"photo_request": [r"(?:send|email|attach|dm|share|include|upload|reply with)(?: \w+){0,6} (?:photos?|pics?|pictures?|selfies?|headshots?|videos?|full[- ]body|portfolio)", r"(?:full[- ]length|full[- ]body|recent|unfiltered|bikini|swimsuit|swimwear) (?:photos?|pics?|shots?|pictures?)", r"with (?:a )?photo", r"\d+ (?:photos|pics|selfies)", r"headshots?"],
"travel_paid": [r"(?:free|paid|covered|included|return|round[- ]trip|one[- ]way|business[- ]class) (?:plane |air ?)?(?:tickets?|flights?|airfare|travel|air travel)", r"(?:flights?|tickets?|airfare|travel) (?:is |are )?(?:paid|covered|included|provided|free|arranged)",
    r"(?:we|company|employer) (?:will )?(?:pay|pays|cover|covers|buy|buys|advance|advances|book|books|provide|provides)(?: \w+){0,3} (?:your )?(?:ticket|flight|airfare|travel|trip|plane)", r"relocation (?:package|assistance|costs|provided|support)", r"travel (?:costs|expenses) (?:paid|covered)"],
"relocation_abroad": [r"abroad", r"overseas", r"work (?:in|across) (?:europe|asia|the gulf|the middle east|canada|the us|usa)", r"relocat\w+", r"work visas?", r"visa (?:sponsorship|provided|arranged|handled|guaranteed|support)", r"entertainer visa", r"sponsor(?:ed|ship)? visa", r"international (?:hub|assignment|relocation)", r"earn in (?:dollars|euros)"],
"accommodation_provided": [r"(?:free|shared|staff|provided|included|furnished|on[- ]site|company|corporate)(?: \w+){0,1} (?:accommodation|housing|apartment|lodging|room|rooms|dormitory|hostel|quarters)", r"(?:accommodation|housing|lodging|room and board|apartment|room)(?: \w+){0,2} (?:provided|included|covered|available|offered|free)",
    r"live[- ]in", r"(?:housing|accommodation|apartment|room) (?:with|shared with)", r"place to (?:stay|live)", r"room and board", r"housing allowance", r"(?:five|5)[- ]star accommodation"],
"high_pay_low_skill": [r"easy (?:money|job|work|cash)", r"earn (?:up to|big|fast|easy|from home|daily|weekly)", r"quick (?:money|cash)", r"high (?:pay|income|earnings|salary)", r"(?:no|little) effort", r"extra income", r"passive income", r"be your own boss", r"financial freedom",
    r"work from your phone", r"(?:like|rate|review)\w* (?:videos|posts|apps|products|hotels)", r"paid (?:reviews|likes|tasks)", r"(?:simple|easy) (?:online )?tasks", r"per task", r"daily pay", r"paid daily", r"top performers earn", r"commission[- ]only"],
"no_experience": [r"no (?:\w+ ){0,2}experience", r"experience (?:not|isn't) (?:required|needed|necessary)", r"without experience", r"(?:we|will) train(?: you)?", r"training (?:provided|included|given)", r"paid training", r"no (?:english|language|qualifications|degree|cv|resume) (?:needed|required)?", r"zero experience",
    r"don't need (?:any )?(?:\w+ )?experience", r"(?:only|just) (?:typing|basic)", r"basic english is ok", r"no skills"],
"urgency": [r"urgent(?:ly)?", r"immediate(?:ly)?", r"asap", r"right now", r"limited (?:places|spots|slots|vacancies|seats)", r"(?:only|last) \d+ (?:places|spots|slots|vacancies|seats)", r"start (?:in \d+ (?:days|weeks)|now|today|tomorrow|monday|next week)", r"don't miss", r"hurry", r"leaves? (?:in|on|next)", r"this week only", r"(?:spots|places) (?:are )?filling", r"apply now"],
"private_contact": [r"(?:message|text|dm|contact|write|call|reach|chat|add)\w* (?:\w+ ){0,3}(?:on |via |at |through )?(?:whatsapp|telegram|dm|inbox|instagram|facebook|signal|direct message)", r"whatsapp only", r"telegram only", r"dm me", r"inbox me", r"(?:via|by|through) (?:dm|direct message|private message)"],
"vague_job": [r"(?:details|more info|info|information)(?: \w+){0,2} (?:in|by|via|on) (?:dm|private|inbox|whatsapp|telegram)", r"various (?:positions|roles)", r"(?:client|employer)'s name will be", r"undisclosed (?:client|employer)", r"keep (?:clients|guests|them) (?:happy|company|entertained)",
    r"make (?:them|clients|guests) (?:happy|feel)", r"accompany\w* (?:clients|guests|gentlemen|businessmen)", r"(?:like|rate|review)\w* (?:videos|posts|apps|products)", r"simple (?:online )?tasks", r"(?:receive|transfer|move|forward)\w* (?:\w+ ){0,3}(?:money|funds|payments) (?:to|into|from)", r"social occasions", r"making conversation"],
"upfront_fee_or_debt": [r"(?:registration|application|processing|visa|training|placement|recruitment|booking|admin|administrative|medical|uniform|starter|activation|security) (?:fee|fees|deposit|cost|kit)", r"(?:pay|paid) (?:it )?back", r"deducted (?:from|off) (?:your )?(?:pay|salary|wages|earnings)", r"(?:discounted|taken|deducted) from (?:your )?(?:pay|salary|wages|first)",
    r"debt", r"loan", r"(?:advance|advances|front|fronts) (?:your|the)? ?(?:flight|ticket|fare|costs|money)", r"(?:small|refundable|one[- ]time) (?:fee|deposit|payment)", r"(?:deposit|invest|top[- ]up|recharge)\w* (?:\w+ ){0,3}(?:\$|usd|usdt|£|€|\d)", r"from your first (?:salary|salaries|pay|paycheck|wages)", r"little by little from your salary", r"(?:pay|send)(?: \w+){0,3} (?:a |the )?fee", r"western union|moneygram|gift cards?|usdt|crypto deposit"],
"document_request": [r"(?:send|email|attach|upload|provide|share|hand over|give|leave|bring)\w*(?: \w+){0,6} (?:passport|id card|id|national id|ssn|social security|bank details|bank account|account number|driver'?s license|photo page|routing number|card details|documents)",
    r"(?:passport|id|documents?)(?: \w+){0,3} (?:kept|held|retained|stays with|in custody)", r"(?:keeps?|holds?|retains?|takes?|collects?) (?:your |the |their )?(?:passports?|documents|ids?)", r"(?:passport|id) (?:copy|scan|photo|details)", r"bank (?:details|information|info)",
    r"confirm that your passport"],
"secrecy_or_isolation": [r"discretion", r"discreet", r"confidential(?:ity)?", r"nda", r"non[- ]disclosure", r"don't tell", r"tell no one", r"(?:cannot|can't|not allowed to|no) (?:leave|go out|use (?:your )?phone)", r"phones? (?:kept|held|collected|confiscated)", r"isolated", r"privacy", r"(?:keep|kept) (?:this|it) (?:private|secret|between us)", r"no (?:days off|time off)", r"(?:hand|give) (?:in|over) (?:your )?phones?"],
"adult_industry": [r"webcam", r"cam (?:model|girl)s?", r"adult (?:content|entertainment|industry|work|models?)", r"onlyfans", r"only fans", r"escorts?", r"companionship", r"gentlemen'?s club", r"strip (?:club|bar)", r"stripp\w+", r"exotic danc\w+", r"hostess (?:bar|club)", r"erotic", r"sensual", r"massage (?:parlou?r|for men)",
    r"sugar (?:daddy|baby|babies)", r"private (?:dinners|parties|shows|functions)", r"yacht parties", r"vip (?:clients|parties|events)", r"high[- ]net[- ]worth (?:clients|gentlemen)", r"drink(?:ing)? with (?:clients|customers|businessmen)", r"(?:chat|drink)(?:, drink)? and (?:sing|dance|drink)", r"night ?club"],
"minors_ok": [r"minors", r"under 18", r"(?:from|aged?) 1[4-7]", r"1[4-7] (?:and up|or older|\+|years)", r"1[4-7]\+", r"any age", r"no age limit", r"parental (?:consent|permission)", r"high school students", r"teens?", r"no id (?:needed|required)"],
}
EN_VETO = {
"upfront_fee_or_debt": [r"(?:reimbursed|covered|paid by (?:the )?(?:employer|school|company|operator)|schools? pays?|employer pays?)(?: \w+){0,6}", r"(?:fees?|costs?)(?:\W+\w+){0,7}?\W+(?:are |is )?(?:reimbursed|covered|paid by)", r"no debt", r"(?:no|never|zero|without)(?:\W+\w+){0,4}?\W+(?:fees?|charges?|deposits?|costs?)", r"(?:no|never|zero|without)(?: \w+){0,3} (?:fees?|charges?|deposits?|costs?|payment)(?: \w+){0,6}", r"(?:never|not|won't|will not|don't|do not)(?: \w+){0,2} (?:charge|ask for|request|take)(?: \w+){0,6}", r"employer pays (?:all )?(?:recruitment )?(?:costs|fees)", r"free of charge"],
"document_request": [r"(?:never|not|won't|will not|don't|do not)(?: \w+){0,3} (?:ask for|request|keep|hold|take|retain)(?: \w+){0,6}", r"you keep (?:your )?passport", r"keep (?:your|their) (?:own )?passports?"],
"secrecy_or_isolation": [r"personal (?:data|information)(?: \w+){0,6}", r"privacy (?:policy|notice)", r"confidential(?:ity)? (?:of )?(?:your )?(?:application|data)", r"treated (?:in )?confiden\w+"],
"gender_appearance": [r"men and women", r"women and men", r"all genders", r"equal opportunit\w+"],
"urgency": [r"immediate (?:supervisor|manager|family)"],
}
PT = {
"age_targeting": [r"jovens", r"jovem (?:de|entre|com|sem|que)", r"meninas jovens", r"novinhas?", r"mocinhas?"],
"gender_appearance": [r"mocas", r"moca", r"meninas?", r"mulheres", r"senhoras?", r"garotas?", r"homens", r"rapazes", r"bonitas?", r"atraentes?", r"lindas?", r"gatas?", r"sexys?", r"magras?", r"desinibidas?", r"boa (?:aparencia|apresentacao|forma|figura)", r"corpo (?:em forma|bonito|definido)", r"altura", r"medidas", r"sem tatuagens?",
    r"fortes?", r"educada", r"interessadas", r"dancarinas?", r"recepcionistas?", r"massagistas?", r"modelos?", r"hostess", r"garconetes?", r"baba", r"cuidadoras?"],
"photo_request": [r"(?:envi|mand|anex|compart|manda)\w*(?: \w+){0,6} (?:fotos?|selfies?|videos?|book)", r"fotos? (?:de corpo|corpo inteiro|de rosto|de frente|de biquini|de lingerie|recentes?|atual|sensuais)", r"(?:curriculo|cv) com foto", r"com fotos?", r"\d+ fotos?"],
"travel_paid": [r"(?:passagens?|viagem|voos?|bilhetes?|translado|transporte)(?: \w+){0,2} (?:pagas?|pagos?|gratis|incluid[oa]s?|cobert[oa]s?|por conta da empresa|sem custo|adiantad[oa]s?)", r"(?:pagamos|cobrimos|damos|compramos|adiantamos|a casa adianta|a empresa paga|paga|custeamos|bancamos)(?: \w+){0,3} (?:a |sua |as )?(?:passagem|passagens|viagem|voo|bilhete|translado)",
    r"tudo pago", r"ida e volta", r"(?:passagem|voo|bilhete) de ida", r"(?:passagem|viagem|voo) e (?:o )?visto"],
"relocation_abroad": [r"(?:no|do|para o) exterior", r"fora do pais", r"outro pais", r"trabalh\w+ (?:na|no|em) (?:europa|asia|estados unidos|canada|portugal|japao|exterior)", r"emigrar", r"vistos? (?:de trabalho|garantid[oa]s?|incluid[oa]s?|tratad[oa]s?|de artista)", r"permissao de trabalho", r"autorizacao de residencia", r"ganhando em (?:dolar|euro)", r"relocalizacao", r"visto garantido"],
"accommodation_provided": [r"(?:moradia|alojamento|hospedagem|quarto|apartamento|casa|residencia|dormitorio)(?: \w+){0,2} (?:no local|incluid[oa]s?|gratis|gratuit[oa]|garantid[oa]s?|compartilhad[oa]s?|mobiliad[oa]s?|disponivel|pag[oa]s?|para quem|corporativo|sem aluguel|com outr[oa]s)",
    r"(?:com|oferecemos|damos|inclui|temos|ha|tem) (?:\w+ )?(?:moradia|alojamento|hospedagem|quarto|lugar para (?:morar|ficar|dormir))", r"(?:moradia|alojamento|hospedagem) e (?:alimentacao|comida|refeicoes)", r"morar no (?:local|trabalho|emprego)", r"dormir no (?:local|emprego|servico)", r"auxilio (?:moradia|alojamento)", r"moradia no andar"],
"high_pay_low_skill": [r"(?:ganhos|renda|ganhe|ganhar|ganho|salario|pagamento)(?: \w+){0,2} (?:altos?|extraordinari[oa]s?|incriveis|facil|rapid[oa]s?|em dolar|em euro)", r"ganh(?:e|ar|a) (?:muito|bem|facil|ate|dinheiro)", r"dinheiro (?:facil|rapido)", r"trampo facil", r"trabalho facil", r"renda extra", r"sem sair de casa", r"(?:\d+|uns) mil (?:por|na) (?:semana|dia)",
    r"pagamento diario", r"ganhos altos", r"seja seu proprio chefe", r"renda passiva", r"liberdade financeira", r"(?:curtir|avaliar) (?:videos|posts|apps|produtos)", r"tarefas (?:simples|faceis)", r"de casa pelo celular", r"tirando r\$"],
"no_experience": [r"(?:nao|sem) (?:\w+ ){0,3}experiencia", r"experiencia nao (?:e )?(?:necessaria|obrigatoria|exigida)", r"(?:nao precisa|sem precisar)(?: \w+){0,2} (?:saber|falar|ter|de experiencia|experiencia|curso)", r"(?:nos |a casa |a empresa )?(?:ensinamos|treinamos|capacitamos)", r"a casa ensina", r"treinamento (?:pago|incluido|gratuito)", r"formacao (?:interna )?paga", r"nem curso", r"sem (?:curso|estudo)"],
"urgency": [r"urgente", r"imediat[oa]s?", r"imediatamente", r"ja\s?!", r"hoje mesmo", r"vagas (?:limitadas|so essa semana)", r"(?:ultimas|poucas|so \d+|apenas \d+|restam \d+|ultimas \d+) vagas", r"essa semana", r"esta semana", r"nao perca", r"corre", r"o quanto antes", r"o mais rapido", r"embarque (?:em|no|na|imediato)", r"(?:sai|saida|partida) (?:em|no|na|dia)"],
"private_contact": [r"(?:cham|fal|mand|escrev|contat|lig|entr)\w* (?:\w+ ){0,3}(?:no |pelo |por |via |em )?(?:zap|zapzap|whatsapp|whats|wpp|telegram|direct|dm|inbox|privado|pv)", r"so (?:no |pelo )?(?:whatsapp|zap|whats|direct|telegram|privado)", r"(?:no|pelo|via) (?:direct|privado|pv|inbox|dm)"],
"vague_job": [r"(?:detalhes|mais informacoes|info|informacoes)(?: \w+){0,2} (?:no|pelo|por|via) (?:privado|pv|direct|whatsapp|zap|inbox)", r"varias (?:vagas|funcoes)", r"fazer companhia", r"acompanhamento em jantares", r"acompanhar (?:clientes|empresarios)", r"deixar (?:os )?clientes felizes", r"(?:curtir|avaliar) (?:videos|posts|apps|produtos)", r"tarefas (?:simples|faceis)",
    r"(?:receb|repass|transfer)\w* (?:\w+ ){0,3}(?:pix|dinheiro|transferencias|pagamentos)", r"so repassa", r"atendimento exclusivo"],
"upfront_fee_or_debt": [r"(?:taxa|pagamento|custo|deposito|valor)(?: \w+){0,2} (?:de )?(?:inscricao|cadastro|matricula|visto|exame|uniforme|treinamento|curso|reserva|ativacao|documentacao|processo)", r"(?:pag|deposit)\w* (?:a |uma )?taxa", r"(?:devolve|devolver|paga|pagar|desconta|descontad[oa]s?|descontar)(?: \w+){0,3} (?:nos|do|dos|com o|no) (?:primeiros?|salario|pagamento|meses)",
    r"dividas?", r"emprestimo", r"(?:adianta|adiantamos)(?: \w+){0,6} (?:e )?(?:voce )?(?:devolve|paga|desconta)", r"(?:pix|deposito) (?:de )?(?:r\$|\d)", near(r"taxa|inscricao|cadastro|garantir", r"pix", 6), r"garantir (?:sua|a) vaga", r"investimento (?:inicial|minimo)", r"kit (?:inicial|de inicio)", r"desconta\w* do (?:salario|pagamento)"],
"document_request": [r"(?:envi|mand|anex|entreg|deix|compart|traz|lev)\w*(?: \w+){0,6} (?:passaporte|rg|cpf|identidade|documentos?|dados bancarios|conta (?:bancaria|no seu nome)|cartao|senha|cnh)", r"(?:foto|copia|print|scan)(?: \w+){0,2} (?:do |da |de |dos )?(?:passaporte|rg|cpf|identidade|documento|cartao|dados bancarios)",
    r"(?:passaporte|documentos?)(?: \w+){0,2} (?:fica|ficam|guardad[oa]s?|retid[oa]s?|em custodia|com o (?:patrao|chefe|coordenador))", r"(?:guarda|retem|reter|recolhe|recolher)(?: \w+){0,2} (?:o |seu |os |seus )?(?:passaporte|documentos)", r"dados bancarios"],
"secrecy_or_isolation": [r"discricao(?: total| absoluta)?", r"discret[oa]s?", r"sigilo(?: total)?", r"sigilos[oa]", r"confidencial(?:idade)?", r"nao (?:conte|fale|comente)", r"sem (?:contato|sair)", r"nao (?:pode|podera) (?:sair|usar (?:o )?celular)", r"celular(?:es)? (?:retid|guardad|recolhid)\w*", r"isolad[oa]s?", r"privacidade", r"(?:entrega|entregar|deixar)(?: \w+){0,2} (?:o |seu )?celular"],
"adult_industry": [r"webcam", r"web cam", r"conteudo (?:adulto|para adultos|erotico|sensual|\+18)", r"onlyfans", r"only fans", r"acompanhantes?", r"garotas? de programa", r"fazer programas?", r"massagem (?:tantrica|erotica|sensual|relaxante para homens)", r"tantrica", r"casa (?:noturna|de massagem|de show)", r"boate", r"strip\w*", r"dancarinas? (?:exoticas?|de pole)", r"pole dance",
    r"comissao (?:nas|em) bebidas", r"publico masculino", r"clientes? (?:vip|exclusivos)", r"biquini", r"lingerie", r"sugar", r"desinibidas?", r"atendimento (?:vip|exclusivo)"],
"minors_ok": [r"menores de idade", r"a partir (?:dos )?1[4-7]", r"1[4-7] anos", r"nao importa (?:a )?idade", r"sem limite de idade", r"maiores de 1[4-7]", r"autorizacao dos pais", r"menor aprendiz", r"estudantes do ensino medio"],
}
PT_VETO = {
"upfront_fee_or_debt": [r"(?:nao|nem|sem) (?:existe )?(?:\w+ )?(?:multa|dividas?)(?: nem (?:multa|dividas?))?", r"sem (?:nenhuma )?dividas?", r"(?:nao|nunca|nenhuma?|sem)(?: \w+){0,3} (?:cobra|cobramos|cobrado|pedimos|taxas?|custo|pagamento|deposito)\w*(?: \w+){0,6}", r"gratuit[oa]s?"],
"document_request": [r"(?:nao|nunca) (?:\w+ ){0,2}(?:pedimos|pede|retemos|guardamos|ficamos)(?: \w+){0,6}"],
"secrecy_or_isolation": [r"dados pessoais(?: \w+){0,6}", r"lgpd"],
"gender_appearance": [r"homens e mulheres", r"mulheres e homens"],
}
COMMON = {
"private_contact": [r"wa\.me/\S+", r"api\.whatsapp\.com\S*", r"t\.me/\S+"],
"adult_industry": [r"onlyfans", r"xxx", r"\+18"],
"vague_job": [r"(?:customer service|atencion al cliente|atendimento ao cliente|servicio al cliente|soporte)(?: \w+){0,4} (?:en|in|no|na|em) (?:camboya|cambodia|camboja|myanmar|birmania|laos|dubai|tailandia|thailand|filipinas|philippines)"],
}
ES_TN = r"autobus(?:es)?|billetes?|pasajes?|tiquetes?|boletos?|vuelos?|traslados?|transporte|bus|buses|avion|lancha|camion|ticket|tiquete aereo|pasaje aereo|viaticos de traslado"
ES_TP = r"pagad\w*|pagos|pagamos|te pagamos|gratis|incluid\w*|cubiert\w*|cubre|cubrimos|se cubre|a cargo|por cuenta|adelant\w*|ponemos|lo pone|manda|mandamos|compra\w*|financ\w*|reembols\w*|sin costo|todo pago|costea\w*"
ES_AN = r"alojamiento|hospedaje|vivienda|habitacion(?:es)?|cuartos?|dormitorios?|dormida|apartamentos?|departamentos?|apto|residencia|techo|donde vivir|donde dormir|donde quedarse|arriendo|camarotes?|campamento"
ES_AP = r"en el mismo (?:local|lugar|taller|club)|incluid\w*|gratis|pagad\w*|disponibles?|compartid\w*|damos|te da|se da|se le da|se les da|ofrecemos|se ofrece|a cargo|por cuenta|con los demas|con las demas|con otras|con otros|en la finca|en faena|en el campo|en el lugar|en las instalaciones|en el campamento|amoblad\w*|sin costo|tenemos|brindamos|adelant\w*|privada"
EN_TN = r"flights?|airfare|air ?tickets?|plane tickets?|train tickets?|tickets?|travel|bus|minibus|transport|fare|airport pick-?up"
EN_TP = r"paid|covered|arranged|included|free|provided|advanced|reimbursed|sorted|on us|we pay|we buy|we book|pays|covers|books|buys|by the (?:agency|company|employer|family)"
EN_AN = r"accommodation|housing|apartment|room|rooms|lodging|house|cabin|caravan|bedroom|dorm\w*|hostel|quarters|place to stay|somewhere to stay"
EN_AP = r"provided|included|free|shared|covered|employer|company|staff|private|on[- ]site|on the farm|on board|stay with|furnished|arranged|available|luxury|we provide|above the"
PT_TN = r"passage\w*|viage\w*|voos?|bilhetes?|onibus|transporte|translado|aviao|despesas de viagem"
PT_TP = r"pag\w*|compr\w*|adiant\w*|a gente leva|levamos|por conta|reembols\w*|inclu\w*|gratis|ajudamos|custea\w*|bancamos|cobert\w*|sem custo|tudo pago"
PT_AN = r"moradia|alojamento|hospedagem|quartos?|apartamentos?|casa partilhada|casa compartilhada|residencia|dormitorio|barracao|lugar para (?:morar|ficar|dormir)"
PT_AP = r"no local|incluid\w*|gratis|gratuit\w*|garantid\w*|partilhad\w*|compartilhad\w*|mobiliad\w*|disponivel|pag\w*|para quem|corporativ\w*|sem aluguel|sem custo|com outr\w*|arranja|oferecemos|damos|a bordo|da fazenda|da empresa|proxim\w*|de luxo|dentro do"

ES["travel_paid"] += [near(ES_TN, ES_TP)]
ES["accommodation_provided"] += [near(ES_AN, ES_AP), r"vives? con la familia", r"modalidad (?:interna|puertas adentro)", r"(?:casa|vivienda) con los demas"]
ES["upfront_fee_or_debt"] += [r"(?:vas|va|van|vamos|ir|iras|iremos|iran|se va|se van|te los vamos|te lo vamos|lo vas|los vas)(?: \w+)? (?:descontando|pagando|abonando|devolviendo|cobrando)",
    near(r"valor|costo|precio|cuesta|vale|tarifa", r"\$\s?\d[\d.,]*|s/\s?\d[\d.,]*|usd", 3), r"(?:debes|tienes que|hay que|deberas) (?:cancelar|pagar|depositar|consignar|comprar)", r"(?:curso|carnet|certificado|examen(?:es)? medicos?|estudio de perfil)(?: \w+){0,4} (?:\(\s?)?(?:\$|usd|s/)\s?\d", r"la pasada"]
ES["vague_job"] += [r"(?:llevar|entregar|transportar|mover|cargar)(?: \w+){0,3} (?:paquetes|encomiendas|maletas?|encargos|mercancia|sobres|mandados)", r"(?:sin (?:hacer )?preguntas|no se hacen preguntas|entre menos preguntes|no preguntes)",
    r"es otra cosa", r"se (?:informa|explica|dice) en la entrevista", r"checar movimientos", r"avisar por radio", r"criptomonedas", r"inversiones en cripto\w*", r"(?:cliente|socio|invitado)s? se sient\w+ comod\w*", r"se sientan comodas", r"oficios varios", r"compartir y disfrutar", r"(?:solo|nada mas) (?:necesitas )?ser tu misma", r"nada del otro mundo"]
ES["secrecy_or_isolation"] += [r"no (?:andes )?coment(?:ar|ando|es)", r"nadie (?:se )?(?:tiene que|debe|puede|va a) (?:saber|enterar\w*)", r"no hay salidas", r"no (?:hay|tendras|tienen) (?:senal|celular)", r"no se permite (?:el )?celular", r"celulares? se (?:dejan|quedan) guardad\w*",
    r"sin celular", r"que no tenga familia cerca", r"un dia libre al mes", r"no respondemos comentarios", r"no dejo (?:numero|mi numero)", r"ni celular", r"solo (?:ser )?discret\w*"]
ES["document_request"] += [r"(?:conserva|retiene|guarda|junta|recoge|se queda con)(?: \w+){0,2} (?:el |los |tu |su )?pasaportes?", r"los pasaportes los (?:junta|guarda|tiene|recoge)"]
ES["high_pay_low_skill"] += [r"\d+ mil (?:diarios|al dia|por dia|semanales)", r"billete rapido", r"ganar(?:te)? (?:hasta |desde )?\d", r"hacerte \d+"]
EN["travel_paid"] += [near(EN_TN, EN_TP, 4)]
EN["accommodation_provided"] += [near(EN_AN, EN_AP, 3), r"stay with (?:our|the|my) family", r"live[- ]in"]
EN["upfront_fee_or_debt"] += [r"(?:deduct\w*|recover\w*|taken|settle\w*|repa\w*|pay (?:it|us) back|paid back)(?: \w+){0,5} (?:from|through|out of|off) (?:your |the |weekly |convenient )*(?:\w+ )?(?:wages|pay|salary|tips|earnings|payroll|paycheck|deductions)",
    r"payroll deductions", r"(?:certificate|course|evaluation|matching|coaching|medical|kit|training|processing)\w*(?: \w+){0,4} (?:\(\s?|- )?(?:\$|usd|£|€)\s?\d", r"(?:you just need|you need to|must) (?:to )?(?:buy|purchase|pay)", r"purchase (?:the |an? )?(?:onboarding|starter|training)"]
EN["vague_job"] += [r"(?:pick up|drop off|deliver|carry|take|bring) (?:\w+ ){0,3}(?:packages|parcels|suitcases?|bags?|envelopes)", r"no questions asked", r"don'?t ask (?:silly |any )?questions", r"keep (?:members|clients) spending", r"open-minded with clients",
    r"private events with (?:rich|wealthy) clients", r"details privately", r"(?:customer service|sales reps?|agents?) for an international company", r"investment products", r"digital assets"]
EN["secrecy_or_isolation"] += [r"no one (?:needs to|will|has to) know", r"never need to know", r"keep (?:ur|your) mouth shut", r"phones? off", r"(?:please )?don'?t comment", r"message me privately", r"(?:100% )?anonymous", r"mobile phones stay", r"one day off (?:per|a) month",
    r"for emergencies only", r"stays at sea", r"no questions asked", r"don'?t call"]
EN["high_pay_low_skill"] += [r"quick (?:££|\$\$|money|cash)", r"easy graft", r"\$\$+|££+", r"(?:\$|£|€)\s?\d[\d,]*\s?(?:-|–|to)\s?(?:\$|£|€)?\s?\d[\d,]* (?:a|per) (?:day|night|run|week)", r"per run", r"cash same day", r"(?:£|\$|€)\s?\d[\d,]*\s?(?:-|–|to)\s?(?:£|\$|€)?\s?\d[\d,]* daily"]
PT["travel_paid"] += [near(PT_TN, PT_TP, 5), r"a gente leva de onibus"]
PT["accommodation_provided"] += [near(PT_AN, PT_AP, 3), r"dorme no (?:emprego|local|barracao|trabalho)", r"com casa e comida", r"casa e comida", r"casa onde a turma fica"]
PT["upfront_fee_or_debt"] += [r"(?:vou|vai|vamos|a gente)? ?(?:descontando|desconta|descontar|acertamos|acerta)(?: \w+){0,3} (?:do|no|nos|com) (?:salario|acerto|pagamento|primeiros|calma)", r"(?:comprar|pagar)(?: \w+){0,3} (?:a )?(?:farda|uniforme|botas|curso|kit|material)",
    r"(?:curso|certificado|exame)(?: \w+){0,4} (?:\(\s?)?(?:r\$|us\$|€)\s?\d", r"(?:tem|precisa|deve) (?:que )?(?:pagar|depositar|comprar)"]
PT["vague_job"] += [r"levar (?:uma )?malas?", r"encomendas?", r"sem perguntas", r"jogos online", r"empresa de jogos"]
PT["secrecy_or_isolation"] += [r"(?:ficar de )?boca fechada", r"ninguem (?:\w+ ){0,3}(?:precisa|pode|vai) saber", r"quase nao sai", r"nao sai sozinha", r"usa o celular so", r"folga (?:um|uma) \w+ por mes", r"sem celular"]
PT["document_request"] += [r"(?:me )?entregam o passaporte", r"passaporte fica (?:guardado|com)"]

ES["urgency"] += [r"(?:salimos|sales|salen|sale|viajamos|nos vamos) (?:\w+ ){0,3}(?:este|esta|el|la|en|manana|cada)", r"los seleccionados salen", r"manana mismo", r"no te quedes (?:por )?fuera", r"pocos cupos", r"cupos? limitados?", r"quedan pocos", r"primeros? en (?:llegar|escribir)"]
EN["urgency"] += [r"(?:places|spots|slots|seats) (?:are )?limited", r"first come,? first serve\w*", r"this weekend", r"(?:we )?(?:travel|leave|fly|depart)s? next (?:week|month)", r"group leaves", r"apply today", r"hiring now", r"start (?:immediately|right away|this week|next week|monday)", r"(?:spots|places|slots) left", r"now!+"]
PT["urgency"] += [r"inicio ja", r"ja na proxima semana", r"tem que ser rapid[oa]", r"vagas limitadas", r"(?:sai|saimos|embarca|embarque) (?:\w+ ){0,2}(?:domingo|segunda|sabado|semana que vem|essa semana|mes que vem|proxima)", r"semana que vem", r"corre+"]

ES["upfront_fee_or_debt"] += [r"(?:se|te|les|lo|los|la|las|esos gastos se|eso se|que se) (?:\w+ )?(?:descuenta|descuentan|descontara|cruzan|cruza|cobra|cobran)(?: \w+){0,3} (?:de|del|con|contra) (?:tus?|sus?|el|la|lo|los|las)? ?(?:\w+ )?(?:sueldos?|salarios?|pagos?|primer\w*|nomina|quincenas?|parte|cosechad\w*|ganancias|cheques?)",
    r"de (?:tu|su) (?:pago|sueldo|salario|nomina) se (?:descuenta|descuentan|cobra|cobran)", r"(?:te doy|te damos|damos|un) (?:un )?adelanto", r"adelant\w+ (?:el |los |la |tu )?(?:pasaje|viaje|boleto|tiquete|vuelo)",
    r"(?:los|las|lo|la) (?:pagas|pagan|devuelves|devuelven|repones|reponen) con (?:tus?|sus?|el|los|las|lo que) (?:primer\w*|sueldo|pago|trabajo|ganes|ganen|noches)", r"(?:lo|la|los|las) (?:vas|van) pagando",
    near(r"consign\w*|deposit\w*|transfer\w*|nequi|daviplata|yape|zelle|binance", r"inscripcion|cupo|reserva|tramite|registro|formulario", 6), r"costos? del (?:proceso|tramite|programa)", r"primer pago al firmar", r"(?:deben|debes|debera|deberas) (?:consignar|depositar|pagar|cancelar|transferir)"]
EN["upfront_fee_or_debt"] += [r"(?:pay|paid|repay) (?:for )?(?:it |them )?(?:with|from|out of) (?:your )?(?:first|wages|tips|salary)", r"settle (?:it )?later"]
PT["upfront_fee_or_debt"] += [r"(?:voce )?devolve nos primeiros", r"(?:vai|vou) descontando", r"acertamos com calma"]

ES["high_pay_low_skill"] += [r"se gana (?:muy |re ?)?bien", r"(?:muy )?buen (?:pago|sueldo)", r"se paga bien", r"pagamos bien", r"gana(?:s|r)? (?:muy |re ?)?bien", r"\d+ (?:mil|lucas|palos|k) (?:x|por|a la|al) (?:evento|noche|dia|semana|viaje)", r"por tarea", r"x evento", r"por cada \d+ (?:follows|likes|seguidores)", r"seguir cuentas"]
EN["high_pay_low_skill"] += [r"(?:£|\$|€)\s?\d[\d,]* (?:a|per) night", r"per task", r"\d+ (?:php|usd|inr|aed) (?:per|a) day", r"good money", r"great pay", r"top up", r"vip level"]
PT["high_pay_low_skill"] += [r"ganho alto", r"ganha(?:r)? (?:muito )?bem", r"r\$\s?\d[\d.]* (?:por|a) noite"]
ES["age_targeting"] += [r"(?:interna|mujer|chica|muchacha|senorita|persona|nina|ninera) joven", r"(?:morros|chavos|chamos|pelados|muchachos) (?:de )?1\d"]
ES["minors_ok"] += [r"(?:de )?1[4-7] (?:pa|para) arriba", r"(?:chavos|morros|muchachos|muchachas|chicas|senoritas|ninas|ninos) (?:de )?1[4-7] a \d\d"]
ES["travel_paid"] += [r"te llevamos nosotros", r"(?:les|te) pasamos a (?:recoger|buscar)", r"(?:tiquetes?|pasajes?|boletos?|vuelos?) pagos?"]
ES["secrecy_or_isolation"] += [r"no (?:le )?(?:digas|digan|cuentes|cuenten) (?:a nadie|nada)"]
ES["vague_job"] += [r"trabajito", r"acompanar (?:a )?clientes", r"llevar (?:unas |las )?cajas", r"no hagas preguntas"]
ES["upfront_fee_or_debt"] += [r"sena de", r"pagar (?:\d[\d.,]*\s?)?(?:\$|usd|dolares|pesos|soles)", r"pagar \$?\s?\d", r"(?:al|a|por|del) (?:nequi|yape|daviplata)"]
ES["accommodation_provided"] += [r"(?:ninera|empleada|trabajadora|muchacha|cuidadora|senora|domestica)s? (?:\w+ )?(?:interna|cama adentro|puertas adentro)"]
ES["private_contact"] += [r"(?:al|por) priv", r"mand(?:ame|enme|eme) (?:un )?mensaje", r"por aca"]
EN["upfront_fee_or_debt"] += [r"pay (?:£|\$|€)\s?\d", r"recharge", r"top up"]
EN["document_request"] += [r"hand (?:in |over )?(?:your |the )?passports?"]
EN["private_contact"] += [r"text me", r"pm me"]
PT["upfront_fee_or_debt"] += [r"pagar r\$"]

# In a job ad, lodging named at all is nearly always lodging offered; vetoes catch "no accommodation".
ES["accommodation_provided"] += [r"alojamiento", r"hospedaje", r"vivienda(?! propia)", r"habitacion", r"dormitorios?", r"albergue", r"(?:cuarto|casa|habitacion) y comida", r"comida y (?:cuarto|habitacion|dormida)", r"(?:apartamento|departamento|piso) (?:amueblado|amoblado|proporcionado|de la empresa|compartido)", r"residencias? (?:para empleados|del personal|del fundo|de la empresa)", r"te quedas en casa con"]
EN["accommodation_provided"] += [r"accommodation", r"housing", r"lodging", r"staff residence", r"(?:apartment|flat|room) (?:provided|included)", r"furnished (?:staff )?(?:residence|apartment|flat)"]
PT["accommodation_provided"] += [r"moradia", r"alojamento", r"hospedagem", r"quarto (?:individual|partilhado|compartilhado)"]
ES_VETO.setdefault("accommodation_provided", []).extend([r"(?:no|sin) (?:\w+ )?(?:ofrecemos|incluye|incluimos|se ofrece|hay|brindamos)? ?(?:alojamiento|hospedaje|vivienda)(?: \w+){0,2}", r"(?:alojamiento|hospedaje|vivienda) no (?:incluid\w*|se ofrece|disponible)", r"vivienda propia", r"(?:sector|proyectos?) (?:de )?vivienda", r"casa habitacion", r"(?:no|sin) (?:es )?(?:cama|puertas) adentro"])
EN_VETO.setdefault("accommodation_provided", []).extend([r"no (?:accommodation|housing)(?: \w+){0,2}", r"(?:accommodation|housing) (?:is )?not (?:provided|included|offered)", r"unable to (?:\w+ )?(?:provide|offer) (?:accommodation|housing)", r"housing (?:association|sector|benefit)"])
PT_VETO.setdefault("accommodation_provided", []).extend([r"(?:nao|sem) (?:\w+ )?(?:oferecemos|inclui|ha)? ?(?:moradia|alojamento|hospedagem)(?: \w+){0,2}"])

# Long-distance travel listed among the offers is travel offered.
ES["travel_paid"] += [r"pasajes? (?:aereos?|terrestres?|de avion|de ida|de traslado|de bus|de autobus)", r"boletos? (?:aereos?|de avion|de autobus)", r"tiquetes?(?: aereos?)?", r"vuelos? (?:de ida|internacionales?)", r"traslados? (?:aereos?|desde el aeropuerto)", r"paquete de reubicacion", r"te buscamos en (?:la frontera|el aeropuerto|la terminal)"]
EN["travel_paid"] += [r"flights? (?:to|from|and|home)", r"return flights?", r"(?:travel|flights?) to and from", r"relocation package", r"inbound travel"]
PT["travel_paid"] += [r"passagens? (?:aereas?|de ida)", r"pacote de relocalizacao", r"voo,"]
EN_VETO.setdefault("travel_paid", []).extend([r"flight attendants?", r"cabin crew", r"(?:no|not) (?:\w+ )?(?:flights?|travel) (?:\w+ )?(?:paid|covered|provided)"])
ES_VETO.setdefault("travel_paid", []).extend([r"(?:no|sin) (?:\w+ )?(?:pagamos|incluye|cubrimos|se paga) (?:el |los )?(?:pasajes?|tiquetes?|vuelos?)"])

G = r"(?:[^\w.!?\n]+\w+){0,6}?[^\w.!?\n]+"  # a short gap inside one sentence
ES["photo_request"] += [r"(?:envi|mand|adjunt|compart|sub)\w*" + G + r"(?:fotos?|fotografias?|selfies?|videos?)", r"fotografias? (?:de cuerpo|tamano|reciente)", r"(?:whatsapp|numero|correo)(?: \w+){0,3} con (?:una )?fotos?"]
EN["photo_request"] += [r"(?:send|email|attach|dm|share|include|upload|reply)\w*" + G + r"(?:photos?|pics?|pictures?|selfies?|headshots?|videos?)", r"head-and-shoulders photo"]
PT["photo_request"] += [r"(?:envi|mand|anex|compart)\w*" + G + r"(?:fotos?|fotografias?|selfies?|videos?)", r"(?:cv|curriculo) com fotografia"]
for table in (ES_VETO, EN_VETO, PT_VETO):
    table.setdefault("photo_request", []).append(r"(?:envi|mand|send|attach|anex|adjunt)?\w*(?: \w+){0,3} ?(?:fotos?|photos?|copia|copy|print|scan)(?: \w+){0,2} (?:do|da|de|del|de la|de tu|de su|dos|of your|of the|of)? ?(?:rg|cpf|cedula|pasaporte|passaporte|passport|documento|identidad|ine|dni|id|license|licencia|tarjeta|passport photo page)")
ES["adult_industry"] += [r"masajes? (?:\w+ ){0,3}(?:spa privado|privados?|a domicilio)", r"trato carinoso", r"piso privado", r"clientes selectos"]
EN["adult_industry"] += [r"chatting on video", r"video chat\w*", r"massage therapists? 1\d"]

ES["document_request"] += [r"(?:pasaportes?|documentos?|papeles|cedulas?|dni)" + G + r"(?:los guarda|lo guarda|se entrega|se entregan|quedara en custodia|quedaran en custodia|en custodia|quedan con)", r"(?:pedimos|piden|pide|pedira|solicitamos|te pedimos) (?:tu |su |el |la |los )?(?:ine|cedula|pasaporte|dni|documentos|acta)", r"documentos (?:para|requeridos para) la entrevista"]
EN["document_request"] += [r"(?:send|provide|bring|upload)\w*" + G + r"(?:licen[cs]e|passport|bank statement|sin|ssn|date of birth|copy of your)", r"photo of your driver'?s licen[cs]e", r"bank statement", r"copy of your (?:passport|id)"]
PT["document_request"] += [r"(?:passaportes?|documentos?)" + G + r"(?:ficam|fica) (?:guardad|retid|com o|na |no )\w*", r"com os documentos", r"(?:passaportes?|documentos) ficam guardados"]

# --- Real postings (issue 8): cues must be about the person hired -----------------------------
# On 994 real legitimate postings single words fired on a third of them: "strong communication
# skills", "data models", "salario atractivo", "partes interessadas", "auxilio baba", an equal
# opportunity statement naming "females". A cue now counts when it is about the worker sought.


def replace(table, name, drop, add):
    """Drop the listed patterns of ``name`` (each must exist: a typo fails the build) and add others."""
    for rx in drop:
        table[name].remove(rx)
    table[name] += add


PERSON_ES = r"(?:hombres|chicos|muchachos|varones|caballeros|jovenes|personal|mujeres|chicas)"
replace(ES, "gender_appearance", [r"fuertes?", r"modelos?", r"medidas"], [
    PERSON_ES + r" fuertes?", r"fisicamente fuertes?",
    # a modelling job, not a data or business model
    r"(?:busc\w*|selecciona\w*|convoca\w*|necesit\w*|contrat\w*|casting|convocatoria|agencia de|como|se buscan|para|vacantes? de) (?:\w+ )?model(?:o|os|as?)(?! de (?:negocio|datos|gestion|atencion|trabajo|negocios|\w+cion|\d))",
    r"model(?:o|os|as?) (?:\w+ )?(?:para (?:japon|el exterior|eventos|catalogo|fotografia|publicidad|campanas?|marcas?|trabajar)|mujeres|hombres|femenin\w+|masculin\w+|webcam|comerciales|de imagen|de pasarela|de protocolo|de fotografia|de catalogo|de moda|y (?:edecanes|acompanantes|hostess)|\w+nas (?:de )?(?:1\d|entre))",
    r"chat ?modelo",
    # body measurements, not safety measures
    r"(?:tus|sus|y|con) medidas(?! (?:de|preventivas|correctivas|necesarias|cautelares|disciplinarias|adecuadas|oportunas))", r"medidas (?:corporales|del cuerpo|\d)"])
replace(PT, "gender_appearance", [r"fortes?", r"modelos?", r"medidas", r"altura"], [
    r"(?:homens|rapazes|meninos|mulheres|mocas) fortes?", r"fisicamente fortes?",
    r"(?:procur\w*|selecion\w*|contrat\w*|busc\w*|casting|cadastro de|agencia de|como|para) (?:\w+ )?modelos?(?! de (?:dados|negocio|negocios|gestao|trabalho|atendimento|ia|machine|linguagem|\w+cao|\d))",
    r"modelos? (?:\w+ )?(?:para (?:e-?commerce|catalogo|eventos|fotos?|campanhas?|trabalhar)|femininas?|masculinos?|de (?:moda|passarela|fotografia)|e acompanhantes?|fotografic\w+)",
    r"(?:suas|tuas|e|com) medidas(?! (?:de|preventivas|corretivas|necessarias|cabiveis|adequadas))", r"(?:sua|e|com) altura(?! d)", r"altura (?:e|minima|de \d|\d)"])
replace(EN, "gender_appearance", [r"strong", r"models?"], [
    r"physically (?:strong|fit)", r"(?:men|guys|males|lads|boys) (?:who are )?strong",
    r"models? wanted", r"(?:work|working|jobs?|career|start) as (?:an? )?(?:\w+ )?models?", r"model(?:ling|ing)? (?:management|agency|agencies|jobs?|work|contracts?|casting)",
    r"(?:hiring|seeking|recruiting|looking for|casting|searching for|need|needs|wanted:?) (?:\w+ )?models?(?! (?:for|of|and|to|that|in|using|with|on|from)\b)",
    r"(?:female|male|fashion|promo\w*|commercial|fit|photo|catalog\w*|runway|glamour|swimwear|bikini|cam|webcam|chat|instagram|brand|new|young) models?(?! (?:for|of|and|to|that|in|using|with|on|from)\b)"])
# Equal-opportunity and diversity statements name genders to include everyone, not to pick one.
EEO = (r"(?:equal opportunit\w+|eoe|affirmative action|minorit\w+)\W+(?:\w+\W+){0,3}(?:females?|women)|(?:females?|women)\W+minorit\w+",
       r"(?:incentivamos|encorajamos|estimulamos|valorizamos|encourage\w*|alentamos|fomentamos|promovemos|welcome)[^.!?\n]{0,80}?(?:mulheres|mujeres|women|females?|homens|hombres|men)",
       r"(?:mulheres|mujeres|women|homens|hombres|men) (?:sao|son|are|tendem|tienden|tend)\W+(?:menos|mas|more|less|a|to)")
for table in (ES_VETO, EN_VETO, PT_VETO):
    table.setdefault("gender_appearance", []).extend(EEO)
# Adjectives praising the pay, the benefits, a place or the work itself.
ES_VETO["gender_appearance"] += [r"(?:salario|sueldo|paquete|beneficios?|incentivos?|comisiones|remuneracion|condiciones|experiencias|contenidos?|videos?|propuestas?|plan|oferta|bonos?|ingresos|pagos?|precios?|tarifas?|disenos?|ambiente|visual y escrito)(?: \w+){0,2} atractiv\w*",
    r"atractiv\w+ (?:salario|sueldo|paquete|beneficios?|incentivos?|comisiones|remuneracion|condiciones|propuesta|plan|oferta|bonos?|ingresos|pago)", r"(?:personas|partes|empresas|areas|entidades) interesadas", r"loma hermosa"]
PT_VETO["gender_appearance"] += [r"(?:beneficios|salario|remuneracao|pacote|dashboards|relatorios|condicoes|graficos|visualizacoes|interfaces)(?: \w+){0,3} atraentes?",
    r"atraentes? (?:beneficios|salario|remuneracao|pacote)", r"(?:partes|pessoas|empresas|areas|entidades) interessadas", r"(?:auxilio|reembolso) (?:creche\W+)?baba", r"creche\W+baba"]
EN_VETO["gender_appearance"] += [r"(?:attractive|beautiful|elegant|pretty|outgoing|cute) (?:\w+ )?(?:salary|package|benefits?|compensation|pay|rates?|commission|bonus|remuneration|terms|location|offices?|campus|city|solutions?|code|designs?|notices?|mail|calls?|shipments?|correspondence|payments?|state-of-the-art|area|surroundings|views?|facility|facilities)",
    r"competitive and attractive", r"pretty (?:much|well|complex|good|sure|simple|easy|big|straightforward|\w+ly)"]

# Words that name where customers, colleagues, suppliers or markets are, not where the worker
# goes (issue 8; doc_rules.ABOUT_OTHERS does the same for places of the gazetteer).
OTHERS = (r"(?:clientes|clients|customers|usuarios|users|consumidores|consumers|equipos?|equipes?|teams?|colegas|colleagues|"
          r"operamos|operam|presencia|presence|presente|mercados?|markets?|proveedores|suppliers|fornecedores|vendors|exporta\w*|"
          r"exports?|filiales|subsidiar\w+|sucursales|branches|socios|partners|divisoes|divisiones|divisions|remot[oa]s?|remote|"
          r"pagos?|pagamentos|payments|compras|purchases|importa\w*|imports?|marcas|brands|founded|fundad[oa])")
EN_VETO.setdefault("relocation_abroad", []).extend([
    OTHERS + r"(?:\W+\w+){0,5}?\W+(?:abroad|overseas)", r"(?:u\.?s\.?|united states|at home|domestically|here) and (?:abroad|overseas)",
    r"commute\W+(?:\w+\W+){0,4}relocate", r"relocate before starting work", r"relocat\w+ from other (?:states|provinces|cities|regions|parts)",
    r"relocation assistance", r"(?:authori[sz]ed|eligible|legally)(?: \w+){0,3} to work(?: and reside)? in(?: \w+){0,3}"])
ES_VETO.setdefault("relocation_abroad", []).extend([OTHERS + r"(?:\W+\w+){0,4}?\W+(?:del|en el|al|de|en) (?:exterior|extranjero)",
    r"(?:del pais|nacionales?) y (?:del )?(?:exterior|extranjero)"])
PT_VETO.setdefault("relocation_abroad", []).extend([OTHERS + r"(?:\W+\w+){0,5}?\W+(?:no|do|para o) exterior", r"no brasil e no exterior"])

# Duties of the job, not pressure or secrecy put on the worker (issue 8): keeping clients'
# information confidential, privacy laws and policies, a "superior imediato", benefits that
# "begin immediately", "urgent matters" the worker handles.
_INFO = (r"(?:information|informacion|informacao|informacoes|dados|datos|data|material|records|documents|documentos|documentacion|"
         r"clients?|patients?|pacientes|clientes|customers?|company|compania|empresa|sensitive|sensible|sensiveis)")
for table in (ES_VETO, EN_VETO, PT_VETO):
    table.setdefault("secrecy_or_isolation", []).extend([
        r"(?:confidential\w*|privacy|privacidade|privacidad|discretion|discrecion|discricao|confidencialidad|confidencialidade|sigilo)"
        r"(?: (?:of|de|da|do|dos|das|del|la|los|the|with|con|com|in|en|em|and|e|y|handling|sobre))*(?: \w+){0,2} " + _INFO,
        _INFO + r"(?: \w+){0,3} (?:confidential\w*|confidencial\w*|sigilos\w*|privad\w*|private)",
        r"(?:handle|handling|handles|maintain\w*|protect\w*|manej\w*|manten\w*|proteg\w*|resguard\w*|garantir|garantizar|preserv\w*)"
        r"(?: \w+){0,4} (?:confidential\w*|confidencial\w*|privacy|privacidad|privacidade|sigilo|discretion|discrecion)",
        r"(?:polic\w+|politicas?|leis?|ley(?:es)?|laws?|normas|regulations?|lgpd|gdpr|seguranca|security|seguridad)(?: \w+){0,3} "
        r"(?:de |of |e |and |y )?(?:privacidade|privacidad|privacy|confidencialidad|confidencialidade|confidentiality)",
        r"tact and discretion"])
EN_VETO["urgency"] += [r"immediate (?:vesting|supervisor|manager|family|impact|needs?)", r"urgent (?:matters|needs|requests|issues|business|care|tasks)",
    r"(?:benefits?|coverage|vesting|eligibility)(?: \w+){0,3} (?:begin|begins|start|starts|effective|eligible)(?: \w+){0,2} immediately",
    r"immediate(?:ly)? eligib\w+", r"(?:report\w*|notif\w*|escalat\w*|inform\w*)(?: \w+){0,5} immediately"]
PT_VETO.setdefault("urgency", []).extend([r"(?:superior|gestor|chefe|lider|supervisor|coordenador) imediato"])
ES_VETO["urgency"] += [r"(?:superior|supervisor|lider|coordinador) inmediato"]

# Gendered words that name a person already known (the contact "la señora Rosa", the patient
# "una señora de 88 años", "Nossa Senhora" in a place name), a men-only legal paper (military
# booklet), either sex ("male or female") or a verb ("figura en el portal"); physical fitness is
# about the work, not about looks.
ES_VETO["gender_appearance"] += [r"(?:con|por|a|de) la senora", r"la senora \w+ (?:al|en|de|que)", r"(?:para|de|a) (?:una|la) senora de \d+",
    r"(?:libreta|cartilla|servicio|certificado|situacion)(?: \w+){0,5} \(?(?:hombres|varones)\)?", r"(?:que |como |tal como )?figuran? (?:en|como)"]
PT_VETO["gender_appearance"] += [r"nossa senhora", r"(?:com|pela|para|a) (?:a )?senhora \w+", r"(?:para|de) (?:uma|a) senhora de \d+",
    r"(?:certificado|reservista|alistamento)(?: \w+){0,5} \(?homens\)?"]
EN_VETO["gender_appearance"] += [r"males? (?:or|and|/) females?", r"females? (?:or|and|/) males?"]
replace(EN, "gender_appearance", [r"physically fit", r"physically (?:strong|fit)"], [])
replace(ES, "gender_appearance", [r"fisicamente fuertes?"], [])
replace(PT, "gender_appearance", [r"fisicamente fortes?"], [])
replace(EN, "gender_appearance", [r"nannies|nanny", r"au pairs?"], [])  # job titles open to anyone in English

WEIGHTS = {"age_targeting": 0.6, "gender_appearance": 0.4, "photo_request": 0.5, "travel_paid": 0.6, "relocation_abroad": 0.5,
           "accommodation_provided": 0.4, "high_pay_low_skill": 0.8, "no_experience": 0.3, "urgency": 0.4, "private_contact": 0.7,
           "no_employer_identity": 0.7, "vague_job": 0.8, "upfront_fee_or_debt": 0.9, "document_request": 0.8,
           "secrecy_or_isolation": 0.9, "adult_industry": 0.9, "minors_ok": 0.8}


def write(name, table, veto):
    with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as fh:
        for ind, rxs in table.items():
            for rx in rxs:
                fh.write(json.dumps({"indicator": ind, "regex": rx}, ensure_ascii=False) + "\n")
        for ind, rxs in (veto or {}).items():
            for rx in rxs:
                fh.write(json.dumps({"indicator": ind, "veto": rx}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write("es", ES, ES_VETO)
    write("en", EN, EN_VETO)
    write("pt", PT, PT_VETO)
    write("common", COMMON, {})
    (HERE / "weights.json").write_text(json.dumps(WEIGHTS, indent=1) + "\n")
