"""Invented ads and chat lines (fictional names, 555 numbers) for the encoder tests."""

TEXTS = [
    "Se buscan chicas de 18 a 25 años para trabajo en el exterior, pasaje pagado. WhatsApp 555-0142",
    "Mesera para restaurante en Lima, turno noche, contrato formal con Inversiones Quelcaya SAC.",
    "Vaga para recepcionista em Porto Alegre, salário R$ 2.100 + benefícios, envie currículo.",
    "Modelos para eventos en Cancún!!! 😍🔥 sin experiencia, alojamiento incluido, manda fotos",
    "Hiring warehouse associates, $18/hour, forklift certificate preferred. Apply at Brightline Depot.",
    "Trabajo fácil desde casa, ganá USD 300 por día, solo pagás la inscripción de 50 dólares.",
    "Contador público con 3 años de experiencia para estudio contable en Córdoba.",
    "Oferta urgente: niñera con cama adentro en Madrid, te pagamos el viaje, documentos los guardamos nosotros.",
    "Operário de produção, turno 6x1, fábrica de embalagens Serra Azul Ltda, Joinville.",
    "hola linda, tengo un trabajo para vos en Japón, no le cuentes a tu familia todavía",
    "Enfermera/o para clínica privada, título habilitante y matrícula vigente. Enviar CV a rrhh@clinica-ficticia.test",
    "Dancers wanted for overseas club tour, visa arranged, no experience, must send full body photos.",
    "Auxiliar administrativo, manejo de Excel, horario de lunes a viernes 8 a 17 hs.",
    "Garota de 17 anos? sem problema, trabalho de acompanhante em São Paulo, ganhos altos   diários",
    "Chofer profesional licencia A3, rutas nacionales, Transportes Cordillera Ficticia.",
    "Promotoras para stand, $$$ pago diario $$$ ➡️ escribí al 555 0199 ➡️ solo mujeres",
]


def long_text(n_words: int = 700) -> str:
    """A long posting: a distinctive head, a filler middle and a distinctive tail."""
    filler = " ".join(f"detalle{i % 37} de la empresa y sus políticas internas" for i in range(n_words // 8))
    return "INICIO oferta de camarera en crucero. " + filler + " FINAL escribí al WhatsApp 555-0123 y mandá fotos."
