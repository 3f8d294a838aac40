# Reference values from R for test/robustness/*.reference.test.ts (so CI needs no R).
# Run from this folder: Rscript reference.R   (needs r-bioc-sva, r-cran-psych, r-cran-epir, jsonlite)
# Reads the committed inputs made by inputs.R; writes combat-sva-*.csv and agreement-*.reference.json.
suppressPackageStartupMessages({ library(sva); library(psych); library(epiR); library(jsonlite) })
fmt <- function(x) {
  out <- sprintf("%.15g", x)
  for (d in 16:17) { bad <- as.numeric(out) != x; out[bad] <- sprintf(paste0("%.", d, "g"), x[bad]) }
  out
}

# sva::ComBat on scanner with age as covariate, in the four modes of `radiomics harmonize`.
input <- read.csv("combat-input.csv", check.names = FALSE, stringsAsFactors = FALSE)
features <- grep("^feature", names(input), value = TRUE)
dat <- t(as.matrix(input[, features]))
mod <- model.matrix(~age, data = input)
modes <- list(
  parametric = list(par.prior = TRUE, mean.only = FALSE),
  "parametric-mean-only" = list(par.prior = TRUE, mean.only = TRUE),
  nonparametric = list(par.prior = FALSE, mean.only = FALSE),
  "nonparametric-mean-only" = list(par.prior = FALSE, mean.only = TRUE)
)
for (name in names(modes)) {
  m <- modes[[name]]
  out <- suppressMessages(ComBat(dat, batch = input$scanner, mod = mod, par.prior = m$par.prior, mean.only = m$mean.only))
  res <- input
  for (f in features) res[[f]] <- fmt(out[f, ])
  res$age <- fmt(res$age)
  write.csv(res, sprintf("combat-sva-%s.csv", name), row.names = FALSE, quote = FALSE)
}

# psych::ICC (ANOVA, lmer = FALSE) and epiR's CCC per feature. psych fits aov to the raw values, which loses
# digits when a small spread sits on a large offset (tinyReal: 1e6 +- 1e-3, ~1e-8 off in the ICC); the ICC is
# shift-invariant (so is the CCC), so such a column is given to psych and epiR minus its rounded median (exact: Sterbenz) and the raw
# result is kept apart as psychUnshifted. CCC: for 2 sessions epi.ccc (Lin 1989, 1/n moments); for more, the
# overall CCC of Barnhart et al. (2002) as the ksi-weighted mean of epi.ccc over session pairs, ksi = s_j^2 +
# s_k^2 + (m_j - m_k)^2 with 1/n moments; epi.occc (which uses n - 1 moments) is kept apart as occcEpiR.
icc_rows <- c("ICC(1,1)" = "ICC1", "ICC(2,1)" = "ICC2", "ICC(3,1)" = "ICC3", "ICC(1,k)" = "ICC1k", "ICC(2,k)" = "ICC2k", "ICC(3,k)" = "ICC3k")
for (file in c("agreement-30x3.csv", "agreement-12x2.csv", "agreement-7x5.csv")) {
  long <- read.csv(file, check.names = FALSE, stringsAsFactors = FALSE)
  cols <- setdiff(names(long), c("subject", "session"))
  out <- list()
  unshifted <- list()
  occc_epir <- list()
  psych_icc <- function(x) {
    icc <- suppressWarnings(suppressMessages(ICC(x, lmer = FALSE)))$results
    rownames(icc) <- icc$type
    lapply(icc_rows, function(t) list(value = icc[t, "ICC"], lower = icc[t, "lower bound"], upper = icc[t, "upper bound"], f = icc[t, "F"], df1 = icc[t, "df1"], df2 = icc[t, "df2"], p = icc[t, "p"]))
  }
  pop_var <- function(v) mean((v - mean(v))^2)
  for (f in cols) {
    wide <- reshape(long[, c("subject", "session", f)], idvar = "subject", timevar = "session", direction = "wide")
    x <- as.matrix(wide[, -1])
    if (diff(range(x)) == 0 || all(apply(x, 1, function(r) diff(range(r)) == 0))) next  # constant / perfect: no psych reference
    if (max(abs(x)) > 0 && diff(range(x)) <= 8 * .Machine$double.eps * max(abs(x))) next  # constant up to rounding
    offset <- round(median(x))
    large_offset <- abs(offset) > 1e3 * diff(range(x))
    shifted <- if (large_offset) x - offset else x
    forms <- psych_icc(shifted)
    if (large_offset) unshifted[[f]] <- psych_icc(x)
    pairs <- combn(ncol(x), 2)
    ksi <- apply(pairs, 2, function(jk) pop_var(shifted[, jk[1]]) + pop_var(shifted[, jk[2]]) + (mean(shifted[, jk[1]]) - mean(shifted[, jk[2]]))^2)
    lin <- apply(pairs, 2, function(jk) epi.ccc(shifted[, jk[1]], shifted[, jk[2]])$rho.c$est)
    ccc <- sum(ksi * lin) / sum(ksi)
    if (ncol(x) > 2) occc_epir[[f]] <- epi.occc(shifted)$occc
    out[[f]] <- list(icc = forms, ccc = ccc)
  }
  meta <- list(source = sprintf("psych %s ICC(lmer = FALSE), epiR %s epi.ccc (pairs weighted by ksi for more than 2 sessions)", packageVersion("psych"), packageVersion("epiR")), r = R.version.string)
  writeLines(toJSON(list(meta = meta, features = out, psychUnshifted = unshifted, occcEpiR = occc_epir), auto_unbox = TRUE, digits = NA, pretty = TRUE), sub("\\.csv$", ".reference.json", file))
}
writeLines(sprintf("sva %s, psych %s, epiR %s, %s", packageVersion("sva"), packageVersion("psych"), packageVersion("epiR"), R.version.string), "VERSIONS.txt")
