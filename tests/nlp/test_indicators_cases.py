"""Per-indicator positive and negative cases in es/en/pt, with emoji, misspellings and no accents."""

from __future__ import annotations

import pytest

POSITIVE = [
    # (indicator, lang, text)
    ("age_targeting", "es", "Buscamos chicas de 18 a 25 años para atención al cliente"),
    ("age_targeting", "es", "se necesitan jovenes para trabajar en hotel 🏨"),
    ("age_targeting", "en", "Hiring girls aged 18-24 for promo events"),
    ("age_targeting", "pt", "Vagas para moças de 18 a 26 anos"),
    ("age_targeting", "pt", "Perfil: até 26 anos, boa apresentação"),
    ("gender_appearance", "es", "Solo señoritas de buena presencia 💅"),
    ("gender_appearance", "es", "buscamos chicas bonitas y delgadas"),
    ("gender_appearance", "en", "Looking for attractive, slim ladies"),
    ("gender_appearance", "pt", "Procuramos moças bonitas e desinibidas"),
    ("photo_request", "es", "Envíanos 3 fotos de cuerpo completo por interno"),
    ("photo_request", "es", "manda tus fotos en traje de baño"),
    ("photo_request", "en", "DM me with 2 selfies + 1 full body pic"),
    ("photo_request", "pt", "Mandar 4 fotos de biquíni pro e-mail"),
    ("travel_paid", "es", "Viaje pagado ✈️ y hospedaje"),
    ("travel_paid", "es", "te pagamos el pasaje de ida"),
    ("travel_paid", "en", "FREE plane ticket and visa"),
    ("travel_paid", "pt", "A passagem e o visto a casa adianta"),
    ("relocation_abroad", "es", "Trabaja en el extranjero ganando en euros", ),
    ("relocation_abroad", "es", "Empleo en Dubái para meseras", ),
    ("relocation_abroad", "en", "Customer service jobs in Cambodia, relocation provided"),
    ("relocation_abroad", "pt", "Trabalhe no exterior com visto garantido"),
    ("accommodation_provided", "es", "Hospedaje incluido y alimentación"),
    ("accommodation_provided", "es", "hay habitacion para las chicas de otras ciudades"),
    ("accommodation_provided", "en", "Free accommodation + 3 meals a day"),
    ("accommodation_provided", "pt", "Moradia no local para quem é de fora"),
    ("high_pay_low_skill", "es", "Gana dinero fácil desde tu celular 💸"),
    ("high_pay_low_skill", "es", "gana por dar likes a videos de tiktok"),
    ("high_pay_low_skill", "es", "Sé tu propio jefe, ingresos pasivos"),
    ("high_pay_low_skill", "en", "Easy money: earn $300 a day rating apps"),
    ("high_pay_low_skill", "pt", "Renda extra sem sair de casa"),
    ("no_experience", "es", "No se requiere experiencia, te capacitamos"),
    ("no_experience", "es", "sin esperiencia 👍"),
    ("no_experience", "en", "No experience needed, we train you"),
    ("no_experience", "pt", "Não precisa de experiência"),
    ("urgency", "es", "URGENTEEEE se necesitan meseras"),
    ("urgency", "es", "ultimos 5 cupos, viaja ya"),
    ("urgency", "en", "Only 10 places left, start ASAP!"),
    ("urgency", "pt", "Últimas 20 vagas deste mês"),
    ("private_contact", "es", "Info solo por WhatsApp 3001234567"),
    ("private_contact", "es", "escribeme al interno 📩"),
    ("private_contact", "en", "Message me on Telegram @jobs_asia_hr"),
    ("private_contact", "pt", "Chama no zap (21) 95555-0187"),
    ("vague_job", "es", "Más información por privado, trabajo bien pagado"),
    ("vague_job", "en", "Details in DM. Simple online tasks"),
    ("vague_job", "pt", "Você recebe uns PIX e só repassa pra conta que eu indicar"),
    ("upfront_fee_or_debt", "es", "Solo debes pagar la inscripción de $150.000"),
    ("upfront_fee_or_debt", "es", "el pasaje se paga con el primer sueldo"),
    ("upfront_fee_or_debt", "es", "te descontamos el hospedaje del sueldo"),
    ("upfront_fee_or_debt", "en", "A refundable registration fee of $50 is required"),
    ("upfront_fee_or_debt", "en", "We advance your flight and you pay it back from your first salaries"),
    ("upfront_fee_or_debt", "pt", "Pra garantir sua vaga é só pagar a taxa de inscrição no PIX"),
    ("document_request", "es", "Envía foto de tu cédula y datos bancarios"),
    ("document_request", "es", "al llegar el coordinador guarda tu pasaporte"),
    ("document_request", "en", "Send your CV + passport photo page"),
    ("document_request", "pt", "mandar foto do RG + print dos dados bancários"),
    ("secrecy_or_isolation", "es", "Discreción total, no le cuentes a tu familia"),
    ("secrecy_or_isolation", "en", "Full discretion is essential, you will sign an NDA"),
    ("secrecy_or_isolation", "pt", "Sigilo total garantido"),
    ("adult_industry", "es", "Estudio webcam busca modelos"),
    ("adult_industry", "es", "Se buscan damas de compañía para caballeros"),
    ("adult_industry", "en", "Hostess bar in Tokyo: chat, drink and sing karaoke with businessmen"),
    ("adult_industry", "pt", "Casa de massagem tântrica contrata"),
    ("minors_ok", "es", "Pueden aplicar menores de edad"),
    ("minors_ok", "es", "desde los 16 años con permiso de tus padres"),
    ("minors_ok", "en", "Teens welcome, no age limit"),
    ("minors_ok", "pt", "Aceitamos a partir dos 16 anos"),
]

# Real-world shapes: chat messages, task scams, MLM, debts, passport retention,
# scam compounds, impersonated brands and programmes.
POSITIVE += [
    ("high_pay_low_skill", "es", "trabajo en linea calificando hoteles en google, pago de 300 a 800 pesos por tarea"),
    ("high_pay_low_skill", "es", "Trabajo remoto 🏠 seguir cuentas de TikTok y ganar S/ 40 por cada 3 follows"),
    ("high_pay_low_skill", "en", "part time job: like YouTube videos and earn $50-$300 daily"),
    ("high_pay_low_skill", "pt", "só curtir vídeos no YouTube e ganhar de R$ 100 a R$ 600 por dia"),
    ("high_pay_low_skill", "es", "Multinivel: sé tu propio jefe y alcanza tu libertad financiera"),
    ("upfront_fee_or_debt", "en", "first 3 tasks free then recharge for VIP level"),
    ("upfront_fee_or_debt", "es", "Para separar el cupo deben consignar $50.000 de inscripción al Nequi"),
    ("upfront_fee_or_debt", "es", "el pasaje y la comida se van descontando poco a poco"),
    ("upfront_fee_or_debt", "es", "el billete lo adelantamos y lo vas pagando con lo que ganes"),
    ("upfront_fee_or_debt", "pt", "VAGAS NO CANADÁ sem inglês! só pagar R$ 3.500 de assessoria"),
    ("upfront_fee_or_debt", "en", "Agency fee and flight deducted from salary over the first 8 months"),
    ("document_request", "es", "la empresa te guarda el pasaporte para los trámites al llegar"),
    ("document_request", "en", "on arrival hand your passport to the supervisor"),
    ("document_request", "pt", "na chegada, o passaporte fica guardado com a patroa"),
    ("document_request", "en", "please send SSN and a photo of your drivers license"),
    ("vague_job", "es", "Atención al cliente en Camboya, solo necesitas hablar español"),
    ("vague_job", "es", "laburo fácil, solo llevar unas cajas de un lado a otro, no hagas preguntas"),
    ("vague_job", "en", "just pick up packages in houston, no questions asked"),
    ("relocation_abroad", "es", "Trabajo de call center en Myanmar y Tailandia, pago 1500 USD"),
    ("secrecy_or_isolation", "es", "se les recoge en la central, no digan a nadie"),
    ("secrecy_or_isolation", "es", "la finca queda retirada, los celulares se dejan guardados al llegar"),
    ("secrecy_or_isolation", "pt", "só ter passaporte válido e ficar de boca fechada 🤐"),
    ("minors_ok", "es", "se ocupan chavos 16 a 22 para trabajo de vigilancia"),
    ("minors_ok", "es", "ocupamos morros de 16 pa arriba"),
    ("private_contact", "es", "holaa bb 😘 tng un trabajito pa vos, escribime al priv"),
    ("private_contact", "en", "DM me for details"),
    ("urgency", "es", "cupos x hoy, salimos el lunes"),
    ("travel_paid", "es", "Pasaje y cuarto cubiertos, los pagas con tus primeras noches"),
    ("accommodation_provided", "es", "Se necesita niñera interna joven para familia en Chile"),
    ("age_targeting", "es", "nena necesito chicas lindas de 18 a 25 pa atender en un bar"),
    ("adult_industry", "pt", "procuro moças novinhas pra trabalhar em casa de massagem"),
    ("gender_appearance", "es", "Solo señoritas delgadas y de buena presentación"),
]

NEGATIVE = [
    ("age_targeting", "es", "Requisito: mayores de 18 años"),
    ("age_targeting", "en", "Requirements: aged 20+, EU passport"),
    ("photo_request", "en", "Apply online with your CV"),
    ("travel_paid", "es", "Transporte diario a la planta desde el centro"),
    ("relocation_abroad", "es", "Auxiliar contable en Bogotá, sede Fontibón"),
    ("accommodation_provided", "es", "Auxilio de transporte y prestaciones de ley"),
    ("high_pay_low_skill", "es", "Salario $1.600.000 más prestaciones, 2 años de experiencia"),
    ("no_experience", "es", "Mínimo 3 años de experiencia certificada"),
    ("no_experience", "en", "At least 2 years of experience required"),
    ("urgency", "es", "Reporta a su jefe inmediato"),
    ("private_contact", "es", "Enviar hoja de vida a seleccion@guaduales.com.co o al WhatsApp 3001234567"),
    ("private_contact", "en", "Apply at acme-careers.com/jobs"),
    ("upfront_fee_or_debt", "es", "La empresa no cobra por inscripción ni por el proceso"),
    ("upfront_fee_or_debt", "en", "We never charge candidates any fee"),
    ("upfront_fee_or_debt", "pt", "Não cobramos nenhuma taxa"),
    ("document_request", "en", "We never keep your passport"),
    ("secrecy_or_isolation", "es", "Tus datos personales serán tratados según la ley"),
    ("adult_industry", "es", "Mesera para restaurante familiar, turno de día"),
    ("minors_ok", "es", "Solo mayores de 18 años con cédula"),
    ("gender_appearance", "es", "Buscamos hombres y mujeres con experiencia en ventas"),
    ("upfront_fee_or_debt", "en", "Visa fee + flight to London covered by the operator"),
    ("upfront_fee_or_debt", "es", "El empleador paga el tiquete aéreo, el primer mes de alojamiento y todos los costos del proceso"),
    ("upfront_fee_or_debt", "pt", "Se desistir durante o curso, não existe multa nem dívida"),
    ("document_request", "es", "Requisitos: pasaporte vigente y 2 años de experiencia"),
    ("urgency", "es", "Grupo Hotelero abre 80 vacantes para la temporada"),
    ("high_pay_low_skill", "es", "Ingeniero de minas, 5 años de experiencia, renta de CLP 2.900.000"),
    ("minors_ok", "en", "Requirements: aged 20+, EU passport"),
    ("relocation_abroad", "pt", "Padaria em Belo Horizonte contrata balconista"),
    ("private_contact", "es", "Ferretería El Tornillo busca ayudante. Pasen por el local o llamen al 311 555 0192"),
]


@pytest.mark.parametrize("indicator,lang,text", POSITIVE)
def test_indicator_found(analyse, indicator, lang, text):
    names, indicators, _ = analyse(text, lang, country="CO" if lang == "es" else "BR" if lang == "pt" else "US")
    assert indicator in names, f"{indicator} not found in {text!r}: {sorted(names)}"
    for ind in indicators:
        if ind.end > ind.start:
            assert text[ind.start:ind.end] == ind.evidence


@pytest.mark.parametrize("indicator,lang,text", NEGATIVE)
def test_indicator_not_found(analyse, indicator, lang, text):
    names, _, _ = analyse(text, lang, country="CO" if lang == "es" else "BR" if lang == "pt" else "US")
    assert indicator not in names, f"{indicator} wrongly found in {text!r}"


@pytest.mark.parametrize("text", [
    "URGENTEEEE!!! chicas 😍 de 18 a 25 anos, viaje pagado ✈️ escribeme al wasap",
    "urgente chicas de 18 a 25 años, viaje pagado, escríbeme al WhatsApp",
    "URGENTE CHICAS DE 18 A 25 AÑOS VIAJE PAGADO ESCRIBEME AL WHATSAPP",
])
def test_indicators_robust_to_case_accents_emoji(analyse, text):
    names, _, _ = analyse(text, "es", country="CO")
    assert {"urgency", "age_targeting", "travel_paid", "private_contact"} <= names


def test_offsets_point_into_title_and_text(scorer):
    ad = {"title": "🔥 Modelos webcam", "text": "Gana 8 millones al mes, sin experiencia", "lang": "es", "country": "CO"}
    score = scorer.score_batch([ad])[0]
    scored = ad["title"] + "\n" + ad["text"]
    by_name = {i.name: i for i in score.indicators}
    assert scored[by_name["adult_industry"].start:by_name["adult_industry"].end] == by_name["adult_industry"].evidence
    assert by_name["no_experience"].evidence == "sin experiencia"
    assert by_name["no_experience"].start == scored.index("sin experiencia")
