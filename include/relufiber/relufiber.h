/* relufiber: exact, symbolic engine for the parameter symmetries of ReLU
 * networks. Umbrella header: every public header, bottom to top of the
 * module order (docs/conventions.md). Reference manual: docs/api/. */
#ifndef RELUFIBER_H
#define RELUFIBER_H

/* core */
#include "relufiber/version.h"
#include "relufiber/err.h"
#include "relufiber/rational.h"
#include "relufiber/qvec.h"
#include "relufiber/text.h"
#include "relufiber/net.h"
#include "relufiber/system.h"
#include "relufiber/equiv.h"
/* modules */
#include "relufiber/sym.h"
#include "relufiber/io.h"
#include "relufiber/cells.h"
#include "relufiber/canon.h"
#include "relufiber/align.h"
#include "relufiber/export.h"
#include "relufiber/shallow.h"
#include "relufiber/three.h"
#include "relufiber/fdim.h"
#include "relufiber/conserve.h"
#include "relufiber/decide.h"
#include "relufiber/flat.h"
#include "relufiber/draw.h"

#endif
