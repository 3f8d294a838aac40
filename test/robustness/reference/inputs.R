# Generates the input tables of the R reference values (deterministic: R's Mersenne-Twister, set.seed).
# Run from this folder: Rscript inputs.R   (then Rscript reference.R; see README.md)
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
# Shortest of 15, 16, 17 significant digits that reads back as the same double.
fmt <- function(x) {
  out <- sprintf("%.15g", x)
  for (d in 16:17) { bad <- as.numeric(out) != x; out[bad] <- sprintf(paste0("%.", d, "g"), x[bad]) }
  out
}
write_table <- function(df, file) {
  for (c in names(df)) if (is.numeric(df[[c]])) df[[c]] <- fmt(df[[c]])
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

# ComBat: 3 scanners of unequal size (40, 23, 12), age as a continuous covariate, 20 features of radiomic
# magnitudes (1e-3 .. 1e4) with per-scanner location and scale effects that differ between features.
set.seed(18)
sizes <- c(A = 40, B = 23, C = 12)
batch <- rep(names(sizes), sizes)
n <- length(batch)
age <- round(runif(n, 25, 80) + ifelse(batch == "C", 8, 0), 1)
p <- 20
magnitude <- 10^seq(-3, 4, length.out = p)
shift <- matrix(rnorm(3 * p, 0, 0.6), 3, p)   # batch location effects in feature SDs
scale <- matrix(exp(rnorm(3 * p, 0, 0.35)), 3, p)
b <- match(batch, names(sizes))
combat <- data.frame(id = sprintf("case%03d", seq_len(n)), scanner = batch, age = age)
for (f in seq_len(p)) {
  y <- magnitude[f] * (5 + 0.02 * (f %% 4) * (age - 50) + shift[b, f] + scale[b, f] * rnorm(n))
  combat[[sprintf("feature%02d", f)]] <- y
}
write_table(combat, "combat-input.csv")

# Agreement: long tables (subject, repeat, features). Realistic features: subject effect, repeat (scanner)
# offsets and within-subject noise; metadata-like columns that are constant (0.7 mm spacing, bin width 0.1,
# 42), a column constant up to one ulp, a perfectly agreeing column and one with tiny but real variation.
agreement_table <- function(n, k, seed) {
  set.seed(seed)
  subject <- rep(sprintf("s%02d", seq_len(n)), each = k)
  rep_id <- rep(sprintf("r%d", seq_len(k)), times = n)
  i <- rep(seq_len(n), each = k)
  j <- rep(seq_len(k), times = n)
  true <- rnorm(n)
  offset <- rnorm(k)
  noisy <- function(mu, sd_between, sd_offset, sd_within) mu + sd_between * true[i] + sd_offset * offset[j] + sd_within * rnorm(n * k)
  data.frame(
    subject = subject, session = rep_id,
    firstorder.mean = noisy(120, 25, 0.5, 2),
    firstorder.variance = noisy(900, 150, 40, 120),
    glcm.contrast = noisy(4, 0.4, 0.3, 0.5),
    morphology.volume = noisy(2.4e4, 6e3, 100, 300),
    ih.entropy = noisy(3.2, 0.05, 0.01, 0.08),
    spacing = rep(0.7, n * k),
    binWidth = rep(0.1, n * k),
    constant42 = rep(42, n * k),
    nearConstant = ifelse(j == 2, 0.7000000000000001, 0.7),
    perfectAgreement = 10 + 3 * true[i],
    tinyReal = 1e6 + 1e-3 * (true[i] + 0.2 * rnorm(n * k))
  )
}
write_table(agreement_table(30, 3, 181), "agreement-30x3.csv")
write_table(agreement_table(12, 2, 182), "agreement-12x2.csv")
write_table(agreement_table(7, 5, 183), "agreement-7x5.csv")
